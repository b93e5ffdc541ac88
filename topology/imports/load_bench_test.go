package imports

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nines-dev/nines/internal/testsupport/topopair"
	"github.com/nines-dev/nines/topology"
)

// benchServices is how many services the generated shop has: one
// manifest file of three documents each, and one HCL file each.
const benchServices = 1000

// benchShop is a generated shop of n services written twice: as
// Kubernetes manifests with an overlay, and as the equivalent HCL.
type benchShop struct {
	fsys      fstest.MapFS
	manifests []string // manifests/svc-NNNN.yaml
	overlay   string
	hcl       []string // hcl/svc-NNNN.nines.hcl and hcl/shared.nines.hcl
	docs      int      // YAML documents over all manifests
}

// newBenchShop writes n services svc-NNNN, service i calling 2i+1 and
// 2i+2 (a tree entered at svc-0000 by one journey). Each manifest file is
// a Service, a Deployment (2 to 4 replicas; spread over zones except
// every fourth) and either a PodDisruptionBudget (even i) or an Istio
// VirtualService with retries (odd i), as helm template renders them;
// the HCL file of the service states what those say.
func newBenchShop(n int) *benchShop {
	s := &benchShop{fsys: fstest.MapFS{}, overlay: "overlay/shop.nines.hcl"}
	name := func(i int) string { return fmt.Sprintf("svc-%04d", i) }
	const zones = "zone \"eu-west-1a\" {\n  availability = \"99.95%\"\n}\n\nzone \"eu-west-1b\" {\n  availability = \"99.95%\"\n}\n\nzone \"eu-west-1c\" {\n  availability = \"99.95%\"\n}\n\n" +
		"journey \"browse\" {\n  entry   = \"svc-0000\"\n  slo     = \"99.9%\"\n  window  = \"month\"\n  timeout = \"30s\"\n}\n\n"
	var overlay strings.Builder
	overlay.WriteString(zones)
	for i := range n {
		svc := name(i)
		replicas := 2 + i%3
		spread := i%4 != 3
		var y, h strings.Builder
		fmt.Fprintf(&y, `---
# Source: shop/templates/%[1]s.yaml
apiVersion: v1
kind: Service
metadata:
  name: %[1]s
  namespace: shop
  labels:
    app.kubernetes.io/name: %[1]s
    app.kubernetes.io/instance: shop
spec:
  type: ClusterIP
  ports:
    - name: http
      port: 80
      targetPort: http
  selector:
    app.kubernetes.io/name: %[1]s
    app.kubernetes.io/instance: shop
---
# Source: shop/templates/%[1]s.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-%[1]s
  namespace: shop
  labels:
    app.kubernetes.io/name: %[1]s
    app.kubernetes.io/instance: shop
spec:
  replicas: %[2]d
  selector:
    matchLabels:
      app.kubernetes.io/name: %[1]s
      app.kubernetes.io/instance: shop
  template:
    metadata:
      labels:
        app.kubernetes.io/name: %[1]s
        app.kubernetes.io/instance: shop
        version: v1
    spec:
`, svc, replicas)
		if spread {
			fmt.Fprintf(&y, `      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchLabels:
              app.kubernetes.io/name: %[1]s
`, svc)
		}
		fmt.Fprintf(&y, `      containers:
        - name: %[1]s
          image: "registry.example.com/shop/%[1]s:1.%[2]d.0"
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
`, svc, i%10)
		fmt.Fprintf(&h, "service %q {\n  instances = %d\n", svc, replicas)
		if i%2 == 0 {
			fmt.Fprintf(&y, `---
# Source: shop/templates/%[1]s.yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: shop-%[1]s
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: %[1]s
`, svc)
			fmt.Fprintf(&h, "  min_healthy = %d\n", replicas-1)
		} else {
			fmt.Fprintf(&y, `---
# Source: shop/templates/%[1]s.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: %[1]s
  namespace: shop
spec:
  hosts:
    - %[1]s.shop.svc.cluster.local
  http:
    - timeout: 2s
      retries:
        attempts: 2
        perTryTimeout: 500ms
        retryOn: connect-failure,refused-stream
      route:
        - destination:
            host: %[1]s.shop.svc.cluster.local
`, svc)
		}
		if spread {
			h.WriteString("  zones = [\"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\"]\n")
		} else {
			h.WriteString("  zones = [\"eu-west-1a\"]\n")
		}
		var calls []int
		for _, t := range []int{2*i + 1, 2*i + 2} {
			if t < n {
				calls = append(calls, t)
			}
		}
		if len(calls) > 0 {
			fmt.Fprintf(&overlay, "component %q {\n", svc)
		}
		for _, t := range calls {
			if t%2 == 1 { // the VirtualService of t says the rest
				fmt.Fprintf(&overlay, "  call %q {}\n", name(t))
				fmt.Fprintf(&h, "\n  call %q {\n    timeout       = \"500ms\"\n    total_timeout = \"2s\"\n    retries       = 2\n    backoff       = \"exponential\"\n    jitter        = true\n    idempotent    = true\n  }\n", name(t))
			} else {
				fmt.Fprintf(&overlay, "  call %q {\n    timeout = \"1s\"\n  }\n", name(t))
				fmt.Fprintf(&h, "\n  call %q {\n    timeout = \"1s\"\n  }\n", name(t))
			}
		}
		if len(calls) > 0 {
			overlay.WriteString("}\n\n")
		}
		h.WriteString("}\n")
		s.docs += 3
		m, hc := "manifests/"+svc+".yaml", "hcl/"+svc+".nines.hcl"
		s.fsys[m] = &fstest.MapFile{Data: []byte(y.String())}
		s.fsys[hc] = &fstest.MapFile{Data: []byte(h.String())}
		s.manifests = append(s.manifests, m)
		s.hcl = append(s.hcl, hc)
	}
	s.fsys[s.overlay] = &fstest.MapFile{Data: []byte(overlay.String())}
	s.fsys["hcl/shared.nines.hcl"] = &fstest.MapFile{Data: []byte(zones)}
	s.hcl = append(s.hcl, "hcl/shared.nines.hcl")
	return s
}

// loadManifests loads the manifests and the overlay from fsys as nines
// topo does (internal/driver/cli/topo_import.go): the directories walked,
// the HCL files found by topology.Discover and the manifests by a
// Collector, which reads each file once to tell manifests from other YAML
// and keeps the bytes for the reader, then loaded with the overlay.
func (s *benchShop) loadManifests(fsys fs.FS) (*topology.Model, error) {
	overlay, err := topology.Discover(fsys, []string{"overlay", "manifests"})
	if err != nil {
		return nil, err
	}
	c := &Collector{FS: fsys}
	for _, root := range []string{"overlay", "manifests"} {
		if err := c.Walk(root); err != nil {
			return nil, err
		}
	}
	in, errs := c.Inputs()
	if len(errs) > 0 {
		return nil, errs
	}
	if len(in.Kubernetes) != len(s.manifests) {
		return nil, fmt.Errorf("the walk found %d manifest files, want %d", len(in.Kubernetes), len(s.manifests))
	}
	imp, errs := in.Read()
	if len(errs) > 0 {
		return nil, errs
	}
	return topology.LoadImported(fsys, overlay, imp, topology.Limits{})
}

// loadHCL loads the equivalent HCL files from fsys as nines topo does:
// found by topology.Discover, then loaded.
func (s *benchShop) loadHCL(fsys fs.FS) (*topology.Model, error) {
	names, err := topology.Discover(fsys, []string{"hcl"})
	if err != nil {
		return nil, err
	}
	return topology.Load(fsys, names, topology.Limits{})
}

// onDisk writes the shop's files below dir and returns them as a file
// system: what nines topo reads.
func (s *benchShop) onDisk(dir string) (fs.FS, error) {
	for name, f := range s.fsys {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return nil, err
		}
	}
	return os.DirFS(dir), nil
}

// TestBenchShopSame checks that the benchmark's two contenders are the
// same topology: same components and calls, same findings, same journey
// availability.
func TestBenchShopSame(t *testing.T) {
	s := newBenchShop(benchServices)
	if s.docs != 3*benchServices {
		t.Fatalf("%d documents, want %d", s.docs, 3*benchServices)
	}
	srcs := make([]Source, 0, len(s.manifests))
	for _, name := range s.manifests {
		srcs = append(srcs, Source{Name: name, Data: s.fsys[name].Data})
	}
	imp, errs := Kubernetes(srcs)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	ctx := context.Background()
	got, err := topology.CheckImported(ctx, s.fsys, []string{s.overlay}, imp, topology.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := topology.Check(ctx, s.fsys, s.hcl, topology.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Model.Components) != benchServices || len(want.Model.Components) != benchServices {
		t.Fatalf("components: %d from manifests, %d from HCL, want %d", len(got.Model.Components), len(want.Model.Components), benchServices)
	}
	if g, w := topopair.ModelText(got.Model), topopair.ModelText(want.Model); g != w {
		t.Errorf("models differ:\nmanifests:\n%.2000s\nHCL:\n%.2000s", g, w)
	}
	if len(got.Journeys) != 1 || len(want.Journeys) != 1 {
		t.Fatalf("journeys: %d from manifests, %d from HCL, want 1", len(got.Journeys), len(want.Journeys))
	}
	if g, w := got.Journeys[0].Availability, want.Journeys[0].Availability; math.Abs(g-w) > 1e-12 || g <= 0 || g >= 1 {
		t.Errorf("availability: %.12f from manifests, %.12f from HCL", g, w)
	}
	if g, w := topopair.FindingKeys(got), topopair.FindingKeys(want); !reflect.DeepEqual(g, w) {
		t.Errorf("findings differ:\nmanifests %q\nHCL       %q", g, w)
	}
	// What the benchmark times: the walks, as nines topo walks.
	walked, err := s.loadManifests(s.fsys)
	if err != nil {
		t.Fatal(err)
	}
	hcl, err := s.loadHCL(s.fsys)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := topopair.ModelText(walked), topopair.ModelText(hcl); g != w {
		t.Errorf("walked models differ:\nmanifests:\n%.2000s\nHCL:\n%.2000s", g, w)
	}
}

// BenchmarkLoadManifests compares loading 1,000 manifest files (3,000
// documents) with an overlay against loading the same shop written as
// 1,000 HCL files, both from a directory on disk, walked as nines topo
// walks it. "ratio" loads both in each iteration, one after the
// other (which goes first alternates), and reports the median over the
// iterations of manifests/HCL for wall time, CPU time (of the process,
// so the collector's too) and bytes allocated, with each contender's
// median wall time and bytes, collecting as nines topo does (GOGC 400
// unless GOGC is set); "manifests" and "hcl" load one, for profiles:
//
//	go test -run '^$' -bench LoadManifests/ratio -benchtime 15x ./topology/imports/
//	go test -run '^$' -bench LoadManifests/manifests -cpuprofile cpu.out -memprofile mem.out ./topology/imports/
func BenchmarkLoadManifests(b *testing.B) {
	s := newBenchShop(benchServices)
	disk, err := s.onDisk(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	contenders := []func() (*topology.Model, error){
		func() (*topology.Model, error) { return s.loadManifests(disk) },
		func() (*topology.Model, error) { return s.loadHCL(disk) },
	}
	b.Run("ratio", func(b *testing.B) {
		if os.Getenv("GOGC") == "" {
			// As nines topo collects (internal/driver/cli/topo.go).
			defer debug.SetGCPercent(debug.SetGCPercent(400))
		}
		var times, bytes [2][]float64
		var timeRatio, cpuRatio, byteRatio []float64
		round := 0
		for b.Loop() {
			var ns, cpu, alloc [2]float64
			for k := range 2 {
				c := (k + round) % 2
				runtime.GC()
				var m0, m1 runtime.MemStats
				runtime.ReadMemStats(&m0)
				c0, t0 := cpuTime(), time.Now()
				if _, err := contenders[c](); err != nil {
					b.Fatal(err)
				}
				ns[c] = float64(time.Since(t0).Nanoseconds())
				cpu[c] = float64(cpuTime() - c0)
				runtime.ReadMemStats(&m1)
				alloc[c] = float64(m1.TotalAlloc - m0.TotalAlloc)
			}
			round++
			for c := range 2 {
				times[c] = append(times[c], ns[c])
				bytes[c] = append(bytes[c], alloc[c])
			}
			timeRatio = append(timeRatio, ns[0]/ns[1])
			cpuRatio = append(cpuRatio, cpu[0]/cpu[1])
			byteRatio = append(byteRatio, alloc[0]/alloc[1])
		}
		b.ReportMetric(median(timeRatio), "time-ratio")
		b.ReportMetric(median(cpuRatio), "cpu-ratio")
		b.ReportMetric(median(byteRatio), "bytes-ratio")
		b.ReportMetric(median(times[0])/1e6, "manifests-ms")
		b.ReportMetric(median(times[1])/1e6, "hcl-ms")
		b.ReportMetric(median(bytes[0])/(1<<20), "manifests-MiB")
		b.ReportMetric(median(bytes[1])/(1<<20), "hcl-MiB")
		b.ReportMetric(s.inputBytes(slices.Concat(s.manifests, []string{s.overlay}))/1e6, "manifests-input-MB")
		b.ReportMetric(s.inputBytes(s.hcl)/1e6, "hcl-input-MB")
	})
	for i, name := range []string{"manifests", "hcl"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := contenders[i](); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// cpuTime is the user and system time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// inputBytes is the size of the named files.
func (s *benchShop) inputBytes(names []string) float64 {
	n := 0
	for _, name := range names {
		n += len(s.fsys[name].Data)
	}
	return float64(n)
}

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
