resource "null_resource" "network" {
  triggers = { cidr = "10.0.0.0/16" }
}

resource "null_resource" "cluster" {
  triggers = { version = "1.30" }
}

# A shared module: infra-flash plans platform when libs/modules/network changes (it reads
# the module blocks of a layer's .tf files).
module "shared_network" {
  source = "../libs/modules/network"
  cidr   = "10.0.0.0/16"
}

output "cluster_name" {
  value = "example"
}
