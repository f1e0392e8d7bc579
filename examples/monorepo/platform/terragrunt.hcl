include "root" {
  path = find_in_parent_folders("root.hcl")
}

dependency "bootstrap" {
  config_path = "../bootstrap"

  mock_outputs = {
    state_bucket = "mock-bucket"
  }
  mock_outputs_allowed_terraform_commands = ["init", "validate", "plan"]
}
