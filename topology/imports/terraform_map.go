package imports

import "github.com/nines-dev/nines/topology"

// tfRes is a Terraform resource as the mapping to components reads it,
// from the .tf files (hclRes) or from a plan's JSON (planRes): the same
// attributes, each with where it was read. Absent or unknown values are
// not ok; a value of the wrong type is an error the source reports.
type tfRes interface {
	name() string
	def() topology.Pos // where a component without a better position is
	integer(attr string) (int64, topology.Pos, bool)
	boolean(attr string) (bool, topology.Pos, bool)
	str(attr string) (string, topology.Pos) // "" when absent or not a string
	has(attr string) (topology.Pos, bool)
	// place is where a list of subnets (subnets) or of zone names places
	// the component.
	place(attr string, subnets bool) place
	// clusterInstances are the instances of the aws_rds_cluster_instance
	// resources of an aws_rds_cluster, and where the first is.
	clusterInstances() (int64, topology.Pos)
	// subnetMappings are an aws_lb's subnet_mapping entries.
	subnetMappings() (int, topology.Pos)
	// count is how many instances of the resource there are, when said.
	count() (int64, topology.Pos, bool)
	// subnetZone is the zone of the aws_subnet attr refers to.
	subnetZone(attr string) (string, topology.Pos)
}

// mapResource is the component of a resource of type typ, nil for the
// types nines does not read.
func mapResource(typ string, x tfRes) *topology.Block {
	switch typ {
	case "aws_db_instance":
		return dbInstance(x)
	case "aws_rds_cluster":
		return rdsCluster(x)
	case "aws_elasticache_replication_group":
		return replicationGroup(x)
	case "aws_autoscaling_group":
		return autoscalingGroup(x)
	case "aws_lb", "aws_alb":
		return loadBalancer(x)
	case "aws_instance":
		return instance(x)
	}
	return nil
}

// component is the block of a resource, at def until its instances are
// known.
func component(x tfRes, kind string) *topology.Block {
	return &topology.Block{Type: kind, Name: x.name(), Pos: x.def()}
}

// instances sets the instance count and moves the component to where it
// is said.
func instances(b *topology.Block, n int64, at topology.Pos) {
	b.Pos = at
	setAttr(b, "instances", n, at)
}

func engine(b *topology.Block, x tfRes) {
	if e, at := x.str("engine"); e != "" {
		setAttr(b, "engine", e, at)
	}
}

// inZone places b in the zone attribute attr names, if it names one.
func inZone(b *topology.Block, x tfRes, attr string) bool {
	if z, at := x.str(attr); z != "" {
		b.Spread = &topology.Spread{Zones: []string{z}, Pos: at}
		return true
	}
	return false
}

// dbInstance: a Multi-AZ deployment is a primary and a standby in another
// zone, replicated synchronously, failing over automatically; without it,
// one instance in one zone.
func dbInstance(x tfRes) *topology.Block {
	b := component(x, topology.KindDatabase)
	engine(b, x)
	multi, at, ok := x.boolean("multi_az")
	if ok && multi {
		instances(b, 2, at)
		setAttr(b, "mode", "active-passive", at)
		setAttr(b, "replication", "sync", at)
		b.Spread = &topology.Spread{Over: true, Pos: at}
		return b
	}
	if ok {
		instances(b, 1, at)
	}
	b.Spread = &topology.Spread{Pos: b.Pos}
	inZone(b, x, "availability_zone")
	return b
}

// rdsCluster: an Aurora cluster has the instances of its
// aws_rds_cluster_instance resources; one of them writes, a reader takes
// over when it fails. A Multi-AZ DB cluster (db_cluster_instance_class,
// no instance resources) is a writer and two readers in three zones.
func rdsCluster(x tfRes) *topology.Block {
	b := component(x, topology.KindDatabase)
	engine(b, x)
	n, at := x.clusterInstances()
	if n == 0 {
		if cat, ok := x.has("db_cluster_instance_class"); ok {
			n, at = 3, cat
		}
	}
	if n > 0 {
		instances(b, n, at)
	}
	if n >= 2 {
		setAttr(b, "mode", "active-passive", at)
	}
	p := x.place("availability_zones", false)
	if len(p.zones) == 0 {
		b.Spread = &topology.Spread{Over: n >= 2, Pos: b.Pos}
		return b
	}
	p.apply(b)
	return b
}

// replicationGroup: num_cache_clusters nodes (or, with shards, each
// shard's primary and replicas_per_node_group replicas); a replica is
// promoted when the primary fails only with automatic_failover_enabled,
// else by hand.
func replicationGroup(x tfRes) *topology.Block {
	b := component(x, topology.KindCache)
	engine(b, x)
	n, at, ok := x.integer("num_cache_clusters")
	if !ok {
		n, at, ok = x.integer("number_cache_clusters") // the name before provider 4
	}
	if !ok {
		if k, kat, kok := x.integer("replicas_per_node_group"); kok {
			n, at, ok = k+1, kat, true
		}
	}
	if ok {
		instances(b, n, at)
	}
	if ok && n >= 2 {
		auto, fat, fok := x.boolean("automatic_failover_enabled")
		if !fok {
			fat = at
		}
		setAttr(b, "mode", "active-passive", fat)
		setAttr(b, "replication", "async", at)
		if !auto {
			setAttr(b, "failover", "manual", fat)
		}
	}
	if p := x.place("preferred_cache_cluster_azs", false); len(p.zones) > 0 {
		p.apply(b)
		return b
	}
	multi, mat, _ := x.boolean("multi_az_enabled")
	if !multi {
		mat = b.Pos
	}
	b.Spread = &topology.Spread{Over: multi, Pos: mat}
	return b
}

// autoscalingGroup: the group keeps at least min_size instances, in the
// zones of its subnets (vpc_zone_identifier) or availability_zones.
func autoscalingGroup(x tfRes) *topology.Block {
	b := component(x, topology.KindService)
	if n, at, ok := x.integer("min_size"); ok {
		instances(b, n, at)
	}
	p := x.place("vpc_zone_identifier", true)
	if p.entries < 0 {
		p = x.place("availability_zones", false)
	}
	p.apply(b)
	return b
}

// loadBalancer: a node of the load balancer in each of its subnets'
// zones (subnets, or subnet_mapping blocks). An application load balancer
// takes two zones at least, so one whose subnets are not listed here is
// two nodes, spread.
func loadBalancer(x tfRes) *topology.Block {
	b := component(x, topology.KindLoadBalancer)
	p := x.place("subnets", true)
	if p.entries < 0 {
		if n, at := x.subnetMappings(); n > 0 {
			p.entries, p.at = n, at
		}
	}
	if p.entries < 0 {
		if typ, _ := x.str("load_balancer_type"); typ == "" || typ == "application" {
			p.entries = 2
		}
	}
	if p.entries > 0 {
		instances(b, int64(p.entries), p.at)
	}
	p.apply(b)
	return b
}

// instance: one EC2 instance (count of them), in the zone of its
// availability_zone or subnet_id.
func instance(x tfRes) *topology.Block {
	b := component(x, topology.KindService)
	if n, at, ok := x.count(); ok {
		instances(b, n, at)
	}
	b.Spread = &topology.Spread{Pos: b.Pos}
	if !inZone(b, x, "availability_zone") {
		if z, at := x.subnetZone("subnet_id"); z != "" {
			b.Spread = &topology.Spread{Zones: []string{z}, Pos: at}
		}
	}
	return b
}
