package cli

import (
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/app"
)

// runHealthcheck asks a running server whether it is ready. The container
// image has no shell or curl (it holds the static binary only), so its
// HEALTHCHECK runs the binary itself.
func runHealthcheck(env Env, args []string) int {
	fs := newFlagSet(env, "healthcheck", "healthcheck [--url URL]\n\n"+
		"Asks a running server's /readyz. Exit status: 0 ready, 1 not ready (e.g. 503 while\n"+
		"shutting down), 2 wrong usage, 3 no answer.")
	def := "http://" + loopbackOf(envOr(env, app.EnvAddr, "127.0.0.1:8080")) + "/readyz"
	url := fs.String("url", def, "readiness address (default from "+app.EnvAddr+")")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the answer")
	rest, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		env.errorf("volwaardig healthcheck: unexpected argument %q\n", rest[0])
		return ExitUsage
	}
	client := &http.Client{Timeout: *timeout}
	resp, err := client.Get(*url)
	if err != nil {
		env.errorf("volwaardig healthcheck: %v\n", err)
		return ExitOperational
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		env.errorf("volwaardig healthcheck: %s answered %s\n", *url, resp.Status)
		return ExitBadInput
	}
	env.println("ready")
	return ExitOK
}

// loopbackOf turns a listen address into one to connect to: a server on
// all interfaces (0.0.0.0, ::, or no host) is asked on the loopback.
func loopbackOf(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	switch strings.Trim(host, "[]") {
	case "", "0.0.0.0", "::":
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
