package flowtest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ifconnect/ifconnect/internal/bank/seed"
)

const chromiumPath = "/usr/bin/chromium"

// chromiumDataSharing presses the TPP web app's "share my data" button in a real browser and goes
// through the bank's pages: the callback page's script must carry the fragment back to the TPP. The
// result page is saved as testdata/artifacts/web-result.png.
func chromiumDataSharing(t *testing.T, web string, u seed.DemoUser) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("browser tests need Chromium at %s (apt-get install -y chromium; .ci/run installs it): %v", chromiumPath, err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath), chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-dev-shm-usage", true),
		// The demo's certificates come from the development CA, which the browser does not know.
		chromedp.Flag("ignore-certificate-errors", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1200, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	// The first call starts the browser; it must not carry a timeout, which would stop the browser.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(bctx, 90*time.Second)
	defer cancel()
	err := chromedp.Do(ctx,
		chromedp.Navigate(web+"/"),
		chromedp.WaitVisible(chromedp.ID("compartilhar")),
		chromedp.Click(chromedp.ID("compartilhar")),
		chromedp.WaitVisible(chromedp.ID("cpf")),
		chromedp.SendKeys(chromedp.ID("cpf"), u.CPF),
		chromedp.SendKeys(chromedp.ID("senha"), u.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("confirmar")),
		chromedp.Click(chromedp.CSS(`input[name="account"]`)),
		chromedp.Click(chromedp.ID("confirmar")),
		// The bank's notice page sends the browser on by itself; the TPP's callback page posts the
		// fragment, and the result page follows.
		chromedp.WaitVisible(chromedp.ID("passos")),
	)
	if err != nil {
		lctx, lcancel := context.WithTimeout(bctx, 10*time.Second)
		defer lcancel()
		loc, _ := chromedp.Run(lctx, chromedp.Location())
		body, _ := chromedp.Run(lctx, chromedp.Text(chromedp.CSS("body")))
		t.Fatalf("browser journey: %v\nat %s:\n%s", err, loc, body)
	}
	result, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(result, "Seus dados compartilhados") || !strings.Contains(result, "Saldo disponível") || strings.Contains(result, "falhou") {
		t.Fatalf("result page:\n%s", result)
	}
	dir := filepath.Join("testdata", "artifacts")
	if err := os.MkdirAll(dir, 0o755); err == nil {
		os.WriteFile(filepath.Join(dir, "web-result.png"), png, 0o644)
	}
}
