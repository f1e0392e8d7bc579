resource "null_resource" "network" {
  triggers = { cidr = "10.0.0.0/16" }
}

resource "null_resource" "cluster" {
  triggers = { version = "1.30" }
}
