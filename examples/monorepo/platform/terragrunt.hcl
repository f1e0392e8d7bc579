include "root" {
  path = find_in_parent_folders("root.hcl")
}

dependency "bootstrap" {
  config_path = "../bootstrap"
}
