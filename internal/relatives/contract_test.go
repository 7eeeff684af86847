package relatives

import (
	"os"
	"testing"

	"github.com/volwaardig/volwaardig/internal/web/apitest"
)

// contract records the API answers of the package's test routers; after
// the tests, each is checked against the OpenAPI document generated from
// the same routes (apitest), so the declared contracts cannot drift.
var contract apitest.Recorder

func TestMain(m *testing.M) { os.Exit(contract.Main(m)) }
