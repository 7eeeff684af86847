package keyring

import (
	"bytes"
	"encoding/base64"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func b64(b byte) string { return base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, 32)) }

func TestParse(t *testing.T) {
	k, err := Parse("2:"+b64(2)+", 1:"+b64(1), b64(9))
	if err != nil {
		t.Fatal(err)
	}
	if k.Current() != 2 || len(k.aeads) != 2 {
		t.Errorf("current %d, %d keys", k.Current(), len(k.aeads))
	}
	bad := []struct{ keys, index, why string }{
		{"", b64(9), "empty"},
		{"1" + b64(1), b64(9), "no colon"},
		{"0:" + b64(1), b64(9), "id 0"},
		{"x:" + b64(1), b64(9), "id not a number"},
		{"1:" + b64(1) + ",1:" + b64(2), b64(9), "duplicate id"},
		{"1:" + base64.StdEncoding.EncodeToString([]byte("short")), b64(9), "short key"},
		{"1:!!!", b64(9), "not base64"},
		{"1:" + b64(1), base64.StdEncoding.EncodeToString([]byte("short")), "short index key"},
		{"1:" + b64(1), b64(1), "index key equals encryption key"},
	}
	for _, c := range bad {
		if _, err := Parse(c.keys, c.index); err == nil {
			t.Errorf("%s: accepted", c.why)
		}
	}
}

func TestFromEnv(t *testing.T) {
	dir := t.TempDir()
	dbURL := "sqlite:" + filepath.Join(dir, "volwaardig.db")
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if _, err := FromEnv(env(nil), dbURL, false, nil); err == nil {
		t.Error("no keys outside demo accepted")
	}
	if _, err := FromEnv(env(map[string]string{EnvBSNKeys: "1:" + b64(1)}), dbURL, true, nil); err == nil {
		t.Error("keys without index key accepted")
	}
	k, err := FromEnv(env(map[string]string{EnvBSNKeys: "3:" + b64(3), EnvBSNIndexKey: b64(9)}), dbURL, false, nil)
	if err != nil || k.Current() != 3 {
		t.Fatalf("configured keys: %v", err)
	}
	var logBuf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logBuf, nil))
	k1, err := FromEnv(env(nil), dbURL, true, logger)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "volwaardig.bsn-keys")
	if KeyFilePath(dbURL) != path {
		t.Errorf("key file path %q", KeyFilePath(dbURL))
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	if !strings.Contains(logBuf.String(), "WARN") || !strings.Contains(logBuf.String(), path) {
		t.Errorf("no warning logged: %s", logBuf.String())
	}
	// A second demo start reads the same keys back.
	k2, err := FromEnv(env(nil), dbURL, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	ct, _ := k1.Seal([]byte("aad"), []byte("123456782"))
	if b, err := k2.Open([]byte("aad"), ct); err != nil || string(b) != "123456782" {
		t.Errorf("reloaded keys do not open: %v", err)
	}
	if k1.Index("d", []byte("123456782")) != k2.Index("d", []byte("123456782")) {
		t.Error("reloaded index key differs")
	}
	if KeyFilePath("postgres://x/y") != "volwaardig.bsn-keys" {
		t.Error("postgres key file path")
	}
}
