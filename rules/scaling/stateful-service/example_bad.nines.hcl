# Sessions live in each instance's memory: a user moved to another
# instance is logged out.
service "web" {
  instances = 3
  stateless = false
}
