resource "null_resource" "database" {
  triggers = { size = "small" }
}
