# What differs per environment, read by its units with
# read_terragrunt_config(find_in_parent_folders("env.hcl")).
locals {
  environment = "prod"
}
