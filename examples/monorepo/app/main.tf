# The application: the same code in staging, then in prod (`environments: [staging, prod]`
# in .infra-flash.yml). Each environment's var file sets `environment`.
variable "environment" {
  type = string
}

resource "null_resource" "app" {
  triggers = { environment = var.environment }
}
