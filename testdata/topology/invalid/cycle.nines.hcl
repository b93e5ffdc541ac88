service "a" {
  call "b" { timeout = "1s" }
}

service "b" {
  call "c" { timeout = "1s" }
}

service "c" {
  call "a" { timeout = "1s" }

  # optional calls may go back: they do not count
  call "b" {
    timeout  = "1s"
    required = false
  }
}

service "d" {
  call "d" { timeout = "1s" }
}
