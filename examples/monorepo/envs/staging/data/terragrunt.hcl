include "root" {
  path = find_in_parent_folders("root.hcl")
}

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl"))
}

# The edge infra-flash orders by (it joins `depends_on`); mock_outputs let a plan run
# before platform has ever been applied.
dependency "platform" {
  config_path = "../../../platform"

  mock_outputs = {
    cluster_name = "mock-cluster"
  }
  mock_outputs_allowed_terraform_commands = ["init", "validate", "plan"]
}

inputs = {
  environment  = local.env.locals.environment
  cluster_name = dependency.platform.outputs.cluster_name
}
