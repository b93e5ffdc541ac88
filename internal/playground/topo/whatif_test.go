package topo

import (
	"context"
	"strings"
	"testing"

	"github.com/nines-dev/nines/internal/playground"
)

func shopRequest(t *testing.T, dir string) Request {
	return Request{Files: []playground.File{{Name: "shop.nines.hcl", Content: readTestdata(t, dir+"/shop.nines.hcl")}}, SkipPolicies: true}
}

func TestCheckAdvice(t *testing.T) {
	req := shopRequest(t, "naive-shop")
	if res := Check(context.Background(), req); res.Advice != nil || res.Fail != nil {
		t.Fatalf("advice %v and fail %v without asking", res.Advice, res.Fail)
	}
	req.Advise = true
	res := Check(context.Background(), req)
	if len(res.Notes) != 0 {
		t.Fatalf("notes: %+v", res.Notes)
	}
	// What nines topo --advise prints for the file.
	want := []string{
		`checkout|database "db": instances = 2|99.790%|92.1 min|false`,
		`checkout|load_balancer "lb": instances = 2|99.790%|92.1 min|false`,
	}
	var got []string
	for _, a := range res.Advice {
		got = append(got, strings.Join([]string{a.Journey, a.Change, a.AvailabilityText, a.DowntimeText, map[bool]string{true: "true", false: "false"}[a.MeetsSLO]}, "|"))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("advice:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Targets == nil || strings.Join(res.Targets.Zones, ",") != "eu-west-1a" || !strings.Contains(strings.Join(res.Targets.Components, ","), "api") {
		t.Errorf("targets = %+v", res.Targets)
	}
	// The model is restored: the journeys read as without advice.
	if res.Journeys[0].Availability >= 0.9979 {
		t.Errorf("journey availability %v after advising", res.Journeys[0].Availability)
	}
}

func TestCheckFail(t *testing.T) {
	req := shopRequest(t, "reviewed-shop")
	req.Fail = "zone:eu-west-1a"
	res := Check(context.Background(), req)
	if res.Fail == nil || res.Fail.Error != "" || len(res.Fail.Journeys) != 2 {
		t.Fatalf("fail = %+v", res.Fail)
	}
	// What nines topo --fail zone:eu-west-1a prints for the file.
	var got []string
	for _, j := range res.Fail.Journeys {
		got = append(got, strings.Join([]string{j.Journey, j.Status, j.BeforeText, j.DuringText, j.Via}, "|"))
	}
	want := "browse|degraded|99.999464%|99.107%|-\ncheckout|degraded|99.999461%|99.097%|-"
	if strings.Join(got, "\n") != want {
		t.Errorf("fail:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	for target, msg := range map[string]string{
		"zone:mars-1a":     `no zone "mars-1a"`,
		"component:nope":   `no component "nope"`,
		"region:eu-west-1": "must be zone:NAME or component:NAME",
	} {
		req.Fail = target
		res := Check(context.Background(), req)
		if res.Fail == nil || !strings.Contains(res.Fail.Error, msg) || len(res.Fail.Journeys) != 0 {
			t.Errorf("%s: fail = %+v, want an error with %q", target, res.Fail, msg)
		}
	}
}
