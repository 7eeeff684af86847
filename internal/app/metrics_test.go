package app

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// TestOperatorMetrics parses /metrics with Prometheus' own text parser and
// finds what an operator alerts on: the build, the database pools, the
// audit writer's queue and checkpoint age, the e-mail outbox, and logins
// refused by reason.
func TestOperatorMetrics(t *testing.T) {
	_, srv := testAppWith(t, "sqlite", func(c *Config) {
		get := c.Getenv
		c.Getenv = func(k string) string {
			if k == EnvMetricsToken {
				return "operator-token"
			}
			return get(k)
		}
	})
	// One refused and one accepted login.
	resp, err := http.PostForm(srv.URL+"/login", url.Values{"username": {"zorgkantoor"}, "password": {"fout-wachtwoord"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	login(t, srv.URL, "zorgkantoor")

	req, _ := http.NewRequest("GET", srv.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer operator-token")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d", resp.StatusCode)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("the Prometheus text parser refuses /metrics: %v", err)
	}
	for _, name := range []string{
		"volwaardig_build_info", "go_sql_open_connections", "go_sql_in_use_connections", "go_sql_wait_count_total",
		"volwaardig_audit_queue_length", "volwaardig_audit_checkpoint_age_seconds", "volwaardig_audit_entries_total",
		"volwaardig_audit_write_errors_total", "volwaardig_email_outbox_pending", "volwaardig_email_outbox_failed",
		"volwaardig_logins_total", "volwaardig_http_requests_total",
		"volwaardig_job_runs_total", "volwaardig_ingest_samples_total", "volwaardig_ingest_epochs_total", "volwaardig_ingest_rejected_total",
	} {
		if families[name] == nil {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	if f := families["go_sql_open_connections"]; f != nil {
		pools := map[string]bool{}
		for _, m := range f.GetMetric() {
			pools[label(m, "db_name")] = true
		}
		if !pools["write"] || !pools["read"] {
			t.Errorf("database pools in the metrics: %v, want write and read", pools)
		}
	}
	if f := families["volwaardig_logins_total"]; f != nil {
		got := map[string]float64{}
		for _, m := range f.GetMetric() {
			got[label(m, "outcome")+"/"+label(m, "reason")] = m.GetCounter().GetValue()
		}
		if got["refused/wrong_credentials"] != 1 || got["success/password"] < 1 {
			t.Errorf("logins by outcome: %v", got)
		}
	}
	if f := families["volwaardig_audit_entries_total"]; f != nil && f.GetMetric()[0].GetCounter().GetValue() < 1 {
		t.Errorf("no audit entries counted after two logins")
	}
	for name, f := range families {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if strings.Contains(l.GetValue(), "zorgkantoor") || strings.Contains(l.GetValue(), "127.0.0.1") {
					t.Errorf("%s carries a user name or address as a label: %s=%s", name, l.GetName(), l.GetValue())
				}
			}
		}
	}
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}
