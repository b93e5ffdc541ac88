package imports

import (
	"strings"
	"testing"

	"github.com/nines-dev/nines/internal/testsupport/topopair"
	"github.com/nines-dev/nines/topology"
)

// terraformPlanShop is terraform-shop as the JSON of terraform show -json
// would give its plan (written from the format's documentation), the
// cache in a child module.
var terraformPlanShop = fixture{dir: "terraform-plan-shop", sources: []string{"plan.json"},
	overlay: "shop.nines.hcl", handHCL: "terraform-shop-hcl/shop.nines.hcl", read: Terraform}

// TestTerraformPlanSameAsHandWritten: the plan gives the same components,
// calls, findings and availability as the hand-written HCL, and so as the
// .tf files.
func TestTerraformPlanSameAsHandWritten(t *testing.T) {
	terraformPlanShop.samePair(t)
}

// TestTerraformPlanFindingsAtValues: facts are at the JSON values they
// were read from; subnets still to be created are followed through the
// configuration's references.
func TestTerraformPlanFindingsAtValues(t *testing.T) {
	fx := terraformPlanShop
	r := fx.check(t)
	found := topopair.FindingsAt(r)
	// A value's column is after its key; a resource without the value
	// its position comes from is at its object, the line before its
	// address.
	object := func(address string) topology.Pos {
		p := fx.at(t, "plan.json", "", `"address": "`+address+`"`, 9)
		p.Line--
		return p
	}
	if got, want := found["spof/single-instance ledger"], fx.at(t, "plan.json", `"address": "aws_db_instance.ledger"`, `"multi_az"`, 25); got != want {
		t.Errorf("spof/single-instance ledger at %v, want %v (findings %v)", got, want, found)
	}
	for name, want := range map[string]topology.Pos{
		"app": fx.at(t, "plan.json", `"address": "aws_autoscaling_group.app"`, `"min_size"`, 25),
		// the subnets are unknown until applied: the configuration's
		// expression, which names them
		"edge":     fx.at(t, "plan.json", `"configuration"`, `"subnets"`, 24),
		"orders":   object("aws_rds_cluster_instance.orders[0]"),
		"sessions": fx.at(t, "plan.json", `"address": "module.cache.aws_elasticache_replication_group.sessions"`, `"num_cache_clusters"`, 39),
		"bastion":  object("aws_instance.bastion"),
	} {
		if c := r.Model.Component(name); c == nil || c.Pos != want {
			t.Errorf("%s at %v, want %v", name, c, want)
		}
	}
}

func TestIsTerraformPlan(t *testing.T) {
	for src, want := range map[string]bool{
		`{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{}}`:   true,
		"\n  {\n  \"format_version\": \"1.0\",\n  \"terraform_version\": \"1.5.0\"}": true,
		`{"zone": {"a": {}}}`:                     false,
		`["format_version", "terraform_version"]`: false,
		"": false,
	} {
		if got := IsTerraformPlan([]byte(src)); got != want {
			t.Errorf("IsTerraformPlan(%q) = %v", src, got)
		}
	}
}

// TestTerraformPlanErrors: bad JSON and values of the wrong type are
// errors at their position.
func TestTerraformPlanErrors(t *testing.T) {
	const head = `{"format_version": "1.2", "terraform_version": "1.9.8",` + "\n"
	for _, tc := range []struct{ src, want string }{
		{head + `"planned_values": {`, "plan.json:2:"},
		{head + `"planned_values": {"root_module": {"resources": [` + "\n" +
			`{"address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance", "name": "db", "values": {"multi_az": "maybe"}}]}}}`,
			`plan.json:3:118: aws_db_instance.db: multi_az must be true or false, not "maybe"`},
		{head + `"planned_values": {"root_module": {"resources": [` + "\n" +
			`{"address": "aws_autoscaling_group.g", "mode": "managed", "type": "aws_autoscaling_group", "name": "g", "values": {"min_size": "two"}}]}}}`,
			`plan.json:3:128: aws_autoscaling_group.g: min_size must be a whole number, not "two"`},
	} {
		_, errs := Terraform([]Source{{Name: "plan.json", Data: []byte(tc.src)}})
		if len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant an error starting %q", tc.src, errs, tc.want)
		}
	}
	// Data sources and unknown types are not components.
	imp, errs := Terraform([]Source{{Name: "plan.json", Data: []byte(head + `"planned_values": {"root_module": {"resources": [` +
		`{"address": "data.aws_instance.x", "mode": "data", "type": "aws_instance", "name": "x", "values": {}},` +
		`{"address": "aws_vpc.v", "mode": "managed", "type": "aws_vpc", "name": "v", "values": {}}]}}}`)}})
	if len(errs) > 0 || len(imp.Files) != 0 {
		t.Errorf("got %v, %s", errs, blocksText(imp))
	}
}
