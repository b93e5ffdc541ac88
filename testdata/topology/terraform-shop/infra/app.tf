# The storefront: an application load balancer over the public subnets,
# forwarding to an autoscaling group of app servers in two private
# subnets, and a bastion host for operators.

resource "aws_security_group" "app" {
  name   = "shop-app"
  vpc_id = aws_vpc.shop.id
}

resource "aws_lb" "edge" {
  name               = "shop-edge"
  load_balancer_type = "application"
  internal           = false
  security_groups    = [aws_security_group.app.id]
  subnets            = [aws_subnet.public_a.id, aws_subnet.public_b.id, aws_subnet.public_c.id]
}

resource "aws_lb_target_group" "app" {
  name     = "shop-app"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = aws_vpc.shop.id

  health_check {
    path     = "/healthz"
    interval = 10
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.edge.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/shop"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

resource "aws_launch_template" "app" {
  name_prefix   = "shop-app-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "m7g.large"
}

resource "aws_autoscaling_group" "app" {
  name                = "shop-app"
  min_size            = 2
  max_size            = 12
  desired_capacity    = 4
  vpc_zone_identifier = [aws_subnet.private_a.id, aws_subnet.private_b.id]
  target_group_arns   = [aws_lb_target_group.app.arn]
  health_check_type   = "ELB"

  launch_template {
    id      = aws_launch_template.app.id
    version = "$Latest"
  }
}

resource "aws_instance" "bastion" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t4g.micro"
  subnet_id     = aws_subnet.public_a.id
}
