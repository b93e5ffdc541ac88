# The shop's network: one VPC, a public and a private subnet in each of
# three availability zones.

variable "vpc_cidr" {
  type    = string
  default = "10.20.0.0/16"
}

resource "aws_vpc" "shop" {
  cidr_block           = var.vpc_cidr
  enable_dns_hostnames = true

  tags = {
    Name = "shop"
  }
}

resource "aws_subnet" "public_a" {
  vpc_id            = aws_vpc.shop.id
  cidr_block        = "10.20.0.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "public_b" {
  vpc_id            = aws_vpc.shop.id
  cidr_block        = "10.20.1.0/24"
  availability_zone = "eu-west-1b"
}

resource "aws_subnet" "public_c" {
  vpc_id            = aws_vpc.shop.id
  cidr_block        = "10.20.2.0/24"
  availability_zone = "eu-west-1c"
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.shop.id
  cidr_block        = "10.20.10.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "private_b" {
  vpc_id            = aws_vpc.shop.id
  cidr_block        = "10.20.11.0/24"
  availability_zone = "eu-west-1b"
}

resource "aws_subnet" "private_c" {
  vpc_id            = aws_vpc.shop.id
  cidr_block        = "10.20.12.0/24"
  availability_zone = "eu-west-1c"
}
