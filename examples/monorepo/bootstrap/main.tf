# Remote state bucket and the CI role: changed rarely, applied by hand.
resource "null_resource" "state_bucket" {
  triggers = { name = "example-tfstate" }
}

resource "null_resource" "ci_role" {
  triggers = { name = "infra-flash-ci" }
}

output "state_bucket" {
  value = "example-tfstate"
}
