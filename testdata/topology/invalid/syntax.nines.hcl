service "api" {
  instances = 2
  call "db" {
    timeout = "1s"
  
}

database "db" {
