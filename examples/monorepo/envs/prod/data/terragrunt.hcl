dependency "platform" {
  config_path = "../../../platform"
}

inputs = {
  environment = "prod"
}
