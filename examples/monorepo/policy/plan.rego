# Policies for conftest (https://www.conftest.dev), run on each plan's `show -json` output by
# the `policies:` check in ../.infra-flash.yml. conftest's default namespace is `main`; each
# `deny` message is one failure line on the dashboard.
package main

import rego.v1

# Buckets are made through the storage module, which sets encryption and blocks public
# access; a bucket written by hand is refused.
deny contains msg if {
	some change in input.resource_changes
	change.type == "aws_s3_bucket"
	some action in change.change.actions
	action in {"create", "update"}
	msg := sprintf("%s: create buckets with libs/modules/storage, not by hand", [change.address])
}

# Stateful resources are never deleted by a plan without someone saying so.
deny contains msg if {
	some change in input.resource_changes
	change.type in {"aws_db_instance", "aws_rds_cluster", "aws_dynamodb_table"}
	some action in change.change.actions
	action == "delete"
	msg := sprintf("%s: deleting a database needs a policy owner's /approve_policies", [change.address])
}
