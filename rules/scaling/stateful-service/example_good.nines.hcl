service "web" {
  instances     = 3
  stateless     = false
  session_store = "sessions"

  call "sessions" {
    timeout = "50ms"
  }
}

cache "sessions" {
  instances = 3
}
