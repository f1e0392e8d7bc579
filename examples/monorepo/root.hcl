# Included by every terragrunt unit (include "root" { path = find_in_parent_folders("root.hcl") }).
# Local state keeps the example runnable on a fresh clone (`terragrunt run --all plan`);
# a real repository names its S3 or GCS backend here. Terragrunt 1.x does not create a
# missing bucket by itself: see the README, "Terragrunt 1.x".
remote_state {
  backend = "local"
  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }
  config = {
    path = "${get_parent_terragrunt_dir()}/.terraform-state/${path_relative_to_include()}/terraform.tfstate"
  }
}
