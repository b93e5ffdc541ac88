package imports

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nines-dev/nines/internal/testsupport/topopair"
	"github.com/nines-dev/nines/topology"
)

var terraformShop = fixture{dir: "terraform-shop", sources: []string{"infra/app.tf", "infra/data.tf", "infra/network.tf"},
	overlay: "shop.nines.hcl", handHCL: "terraform-shop-hcl/shop.nines.hcl", read: Terraform}

func readTerraform(t *testing.T, src string) (*topology.Imported, topology.ErrorList) {
	t.Helper()
	return Terraform([]Source{{Name: "main.tf", Data: []byte(src)}})
}

const subnets = `resource "aws_subnet" "a" {
  availability_zone = "eu-west-1a"
}
resource "aws_subnet" "b" {
  availability_zone = "eu-west-1b"
}
resource "aws_subnet" "c" {
  availability_zone = var.zone
}
resource "aws_subnet" "many" {
  count = 3
}
`

// TestTerraformResources: each resource type's attributes, at their
// lines (the subnets above take lines 1-12).
func TestTerraformResources(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"multi-az database", "resource \"aws_db_instance\" \"db\" {\n  engine   = \"postgres\"\n  multi_az = true\n}\n",
			"database db @15:3 engine=postgres@14 instances=2@15 mode=active-passive@15 replication=sync@15 spread=true@15\n"},
		{"single-az database", "resource \"aws_db_instance\" \"db\" {\n  multi_az          = false\n  availability_zone = \"eu-west-1b\"\n}\n",
			"database db @14:3 instances=1@14 zones=[eu-west-1b]@15\n"},
		{"database by default", "resource \"aws_db_instance\" \"db\" {\n  multi_az = var.ha\n}\n",
			"database db @13:1 spread=false@13\n"},
		{"aurora", "resource \"aws_rds_cluster\" \"c\" {\n  cluster_identifier = \"shop\"\n}\n" +
			"resource \"aws_rds_cluster_instance\" \"one\" {\n  cluster_identifier = aws_rds_cluster.c.id\n}\n" +
			"resource \"aws_rds_cluster_instance\" \"more\" {\n  count              = 2\n  cluster_identifier = \"shop\"\n}\n" +
			"resource \"aws_rds_cluster_instance\" \"other\" {\n  cluster_identifier = aws_rds_cluster.d.id\n}\n",
			"database c @16:1 instances=3@16 mode=active-passive@16 spread=true@16\n"},
		{"aurora zones", "resource \"aws_rds_cluster\" \"c\" {\n  availability_zones = [\"eu-west-1a\", \"eu-west-1c\"]\n}\n",
			"database c @13:1 zones=[eu-west-1a eu-west-1c]@14\n"},
		{"multi-az db cluster", "resource \"aws_rds_cluster\" \"c\" {\n  db_cluster_instance_class = \"db.r6gd.large\"\n}\n",
			"database c @14:3 instances=3@14 mode=active-passive@14 spread=true@14\n"},
		{"redis with failover", "resource \"aws_elasticache_replication_group\" \"r\" {\n  num_cache_clusters         = 3\n  automatic_failover_enabled = true\n  multi_az_enabled           = true\n}\n",
			"cache r @14:3 instances=3@14 mode=active-passive@15 replication=async@14 spread=true@16\n"},
		{"redis without failover", "resource \"aws_elasticache_replication_group\" \"r\" {\n  num_cache_clusters = 2\n  preferred_cache_cluster_azs = [\"eu-west-1a\", \"eu-west-1b\"]\n}\n",
			"cache r @14:3 failover=manual@14 instances=2@14 mode=active-passive@14 replication=async@14 zones=[eu-west-1a eu-west-1b]@15\n"},
		{"redis shards", "resource \"aws_elasticache_replication_group\" \"r\" {\n  num_node_groups         = 4\n  replicas_per_node_group = 1\n  automatic_failover_enabled = true\n}\n",
			"cache r @15:3 instances=2@15 mode=active-passive@16 replication=async@15 spread=false@15\n"},
		{"autoscaling group in subnets", "resource \"aws_autoscaling_group\" \"g\" {\n  min_size = 2\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id, aws_subnet.a.id]\n}\n",
			"service g @14:3 instances=2@14 zones=[eu-west-1a eu-west-1b]@15\n"},
		{"autoscaling group, a subnet of unknown zone", "resource \"aws_autoscaling_group\" \"g\" {\n  min_size = \"3\"\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.c.id]\n}\n",
			"service g @14:3 instances=3@14 spread=true@15\n"},
		{"autoscaling group, counted subnets", "resource \"aws_autoscaling_group\" \"g\" {\n  min_size = 1\n  vpc_zone_identifier = aws_subnet.many[*].id\n}\n",
			"service g @14:3 instances=1@14 spread=true@15\n"},
		{"autoscaling group, a module's subnets", "resource \"aws_autoscaling_group\" \"g\" {\n  min_size = var.min\n  vpc_zone_identifier = module.vpc.private_subnets\n}\n",
			"service g @13:1\n"},
		{"autoscaling group in zones", "resource \"aws_autoscaling_group\" \"g\" {\n  min_size = 2\n  availability_zones = [\"eu-west-1c\"]\n}\n",
			"service g @14:3 instances=2@14 zones=[eu-west-1c]@15\n"},
		{"load balancer", "resource \"aws_lb\" \"lb\" {\n  subnets = [aws_subnet.a.id, aws_subnet.b.id]\n}\n",
			"load_balancer lb @14:3 instances=2@14 zones=[eu-west-1a eu-west-1b]@14\n"},
		{"load balancer, subnet mappings", "resource \"aws_alb\" \"lb\" {\n  subnet_mapping {\n    subnet_id = \"subnet-1\"\n  }\n  subnet_mapping {\n    subnet_id = \"subnet-2\"\n  }\n}\n",
			"load_balancer lb @14:3 instances=2@14 spread=true@14\n"},
		{"application load balancer, unknown subnets", "resource \"aws_lb\" \"lb\" {\n  subnets = module.vpc.public_subnets\n}\n",
			"load_balancer lb @14:3 instances=2@14 spread=true@14\n"},
		{"network load balancer, unknown subnets", "resource \"aws_lb\" \"lb\" {\n  load_balancer_type = \"network\"\n  subnets            = var.subnets\n}\n",
			"load_balancer lb @13:1\n"},
		{"instance", "resource \"aws_instance\" \"vm\" {\n  subnet_id = aws_subnet.b.id\n}\n",
			"service vm @13:1 zones=[eu-west-1b]@14\n"},
		{"counted instances", "resource \"aws_instance\" \"vm\" {\n  count             = 2\n  availability_zone = \"eu-west-1a\"\n}\n",
			"service vm @14:3 instances=2@14 zones=[eu-west-1a]@15\n"},
		{"switched off", "resource \"aws_instance\" \"vm\" {\n  count = 0\n}\n", ""},
		{"unknown types and other blocks", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\ndata \"aws_db_instance\" \"d\" {\n  multi_az = false\n}\n" +
			"module \"db\" {\n  source = \"./db\"\n}\nresource \"aws_instance\" {\n}\nlocals {\n  n = 1\n}\n", ""},
	} {
		imp, errs := readTerraform(t, subnets+tc.src)
		if len(errs) > 0 {
			t.Errorf("%s: %v", tc.name, errs)
			continue
		}
		if got := blocksText(imp); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestTerraformErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"resource \"aws_db_instance\" \"db\" {\n  multi_az = \n}\n", "main.tf:2:14: invalid expression"},
		{"resource \"aws_lb\" \"lb\" {\n", "main.tf:1:24: unclosed configuration block"},
		{"resource \"aws_autoscaling_group\" \"g\" {\n  min_size = \"two\"\n}\n", "main.tf:2:3: aws_autoscaling_group.g: min_size must be a whole number"},
		{"resource \"aws_autoscaling_group\" \"g\" {\n  min_size = 1.5\n}\n", "main.tf:2:3: aws_autoscaling_group.g: min_size must be a whole number"},
		{"resource \"aws_db_instance\" \"db\" {\n  multi_az = \"maybe\"\n}\n", "main.tf:2:3: aws_db_instance.db: multi_az must be true or false"},
		{"resource \"aws_instance\" \"vm\" {\n  count = \"x\"\n}\n", "main.tf:2:3: aws_instance.vm: count must be a whole number"},
		{"locals {\n  x = " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n}\n", "main.tf:2:"},
	} {
		_, errs := readTerraform(t, tc.src)
		if len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant an error starting %q", tc.src, errs, tc.want)
		}
	}
	// A resource declared twice is Terraform's error to report; the first
	// is read.
	imp, errs := readTerraform(t, "resource \"aws_instance\" \"vm\" {\n  count = 2\n}\nresource \"aws_instance\" \"vm\" {\n}\n")
	if len(errs) > 0 || blocksText(imp) != "service vm @2:3 instances=2@2 spread=false@2\n" {
		t.Errorf("got %v\n%s", errs, blocksText(imp))
	}
}

func TestIsTerraform(t *testing.T) {
	for name, want := range map[string]bool{"main.tf": true, "infra/rds.TF": true, "main.tf.json": false, "terraform.tfvars": false, "tf": false} {
		if got := IsTerraform(name); got != want {
			t.Errorf("IsTerraform(%q) = %v", name, got)
		}
	}
}

// TestTerraformShopSameAsHandWritten: terraform-shop read from its .tf
// files and overlay, and the same shop written by hand
// (terraform-shop-hcl), have the same components, calls, findings and
// availability.
func TestTerraformShopSameAsHandWritten(t *testing.T) {
	terraformShop.samePair(t)
}

// TestTerraformShopFindingsAtAttributes: the single-AZ ledger database on
// the checkout path is a single point of failure at its multi_az line;
// the Multi-AZ and clustered resources are not.
func TestTerraformShopFindingsAtAttributes(t *testing.T) {
	fx := terraformShop
	r := fx.check(t)
	found := topopair.FindingsAt(r)
	if got, want := found["spof/single-instance ledger"], fx.at(t, "infra/data.tf", `"aws_db_instance" "ledger"`, "multi_az", 3); got != want {
		t.Errorf("spof/single-instance ledger at %v, want %v (findings %v)", got, want, found)
	}
	for _, key := range []string{"spof/single-instance orders", "spof/single-instance sessions", "spof/single-instance app",
		"spof/single-zone app", "spof/single-instance edge", "spof/single-instance bastion"} {
		if p, ok := found[key]; ok {
			t.Errorf("unexpected finding %s at %v", key, p)
		}
	}
	for name, want := range map[string]topology.Pos{
		"app":      fx.at(t, "infra/app.tf", `"aws_autoscaling_group" "app"`, "min_size", 3),
		"edge":     fx.at(t, "infra/app.tf", `"aws_lb" "edge"`, "subnets", 3),
		"orders":   fx.at(t, "infra/data.tf", `"aws_rds_cluster_instance" "orders"`, "count", 3),
		"sessions": fx.at(t, "infra/data.tf", `"aws_elasticache_replication_group"`, "num_cache_clusters", 3),
		"bastion":  fx.at(t, "infra/app.tf", "", `resource "aws_instance" "bastion"`, 1),
	} {
		if c := r.Model.Component(name); c == nil || c.Pos != want {
			t.Errorf("%s at %v, want %v", name, c, want)
		}
	}
}

// TestTerraformZonesNeedDeclaredZones: the zones a resource names place
// it when the topology declares zones (an error at the attribute when it
// does not declare those), and are left out when it declares none, as
// spreading is.
func TestTerraformZonesNeedDeclaredZones(t *testing.T) {
	imp, errs := readTerraform(t, subnets+"resource \"aws_autoscaling_group\" \"g\" {\n  min_size = 2\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]\n}\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	load := func(overlay string) (*topology.Model, error) {
		return topology.LoadImported(fstest.MapFS{"o.nines.hcl": {Data: []byte(overlay)}}, []string{"o.nines.hcl"}, imp, topology.Limits{})
	}
	m, err := load("")
	if err != nil || len(m.Component("g").Zones) != 0 {
		t.Errorf("no zones declared: %v, %+v", err, m)
	}
	m, err = load("zone \"eu-west-1a\" {}\nzone \"eu-west-1b\" {}\nzone \"eu-west-1c\" {}\n")
	if err != nil || !slices.Equal(m.Component("g").Zones, []string{"eu-west-1a", "eu-west-1b"}) {
		t.Errorf("zones declared: %v, %+v", err, m)
	}
	_, err = load("zone \"a\" {}\n")
	if err == nil || !strings.HasPrefix(err.Error(), `main.tf:15:3: service "g" is placed in unknown zone "eu-west-1a"`) {
		t.Errorf("other zones declared: %v", err)
	}
}
