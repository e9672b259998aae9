package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/password"
	"github.com/ifconnect/ifconnect/internal/tpp"
)

// FlowOptions configures Flow.
type FlowOptions struct {
	// Client is the TPP; Browser the transport of the customer's browser (shared by all flows, each
	// flow with its own cookies).
	Client  *tpp.Client
	Browser http.RoundTripper
	// Users are the customers the flows rotate over; their passwords are hashed at the bank's
	// production setting.
	Users []tpp.PSU
	// Flows complete data-sharing flows are run by Concurrency workers after Warmup unmeasured ones.
	Flows, Concurrency, Warmup int
	// Hashing is the bank's password hashing, whose cost is measured here to tell its share.
	Hashing  password.Params
	Progress io.Writer
}

// FlowReport is what `ifconnect bench flow` prints.
type FlowReport struct {
	Flows        int     `json:"flows"`
	Errors       int     `json:"errors"`
	FirstError   string  `json:"firstError,omitempty"`
	Concurrency  int     `json:"concurrency"`
	Seconds      float64 `json:"seconds"`
	FlowsPerSec  float64 `json:"flowsPerSecond"`
	TargetPerSec float64 `json:"targetFlowsPerSecond"`
	Met          bool    `json:"met"`
	// Flow is the latency of a whole flow, Steps each step's, in milliseconds.
	Flow  Percentiles `json:"flowMs"`
	Steps []StepStats `json:"stepsMs"`
	// Hashing: the argon2id parameters, one verification's cost measured here, and the share of the
	// process's CPU time the flows' logins spent on it (one verification per flow).
	Hashing struct {
		Params      string  `json:"params"`
		VerifyMs    float64 `json:"verifyMs"`
		CPUSeconds  float64 `json:"cpuSeconds"`
		ShareOfCPU  float64 `json:"shareOfProcessCPU"`
		ShareOfWall float64 `json:"shareOfFlowLatency"`
	} `json:"hashing"`
	ProcessCPUSeconds float64 `json:"processCpuSeconds"`
	// CPUMsPerFlow is the process's CPU time per flow — TPP client, platform and bank together — the
	// figure a shared machine does not distort; FlowsPerCPUSecond is its inverse, the throughput one
	// dedicated core would give.
	CPUMsPerFlow      float64 `json:"cpuMsPerFlow"`
	FlowsPerCPUSecond float64 `json:"flowsPerCpuSecond"`
	// WarmStartupMs is filled by the command: the demo's start on a warm state directory.
	WarmStartupMs float64 `json:"warmStartupMs,omitempty"`
}

// Percentiles of a latency distribution in milliseconds.
type Percentiles struct {
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

// StepStats are one step's latencies.
type StepStats struct {
	Step  string `json:"step"`
	Title string `json:"title"`
	Percentiles
}

// FlowTarget is the figure: complete data-sharing flows per second.
const FlowTarget = 50

// Flow runs complete data-sharing flows (token, consent, PAR, the bank's login and consent pages,
// code exchange, accounts, balances and transactions) with the TPP client and no browser, and
// reports throughput, per-step latency percentiles and the share of CPU spent hashing passwords.
func Flow(ctx context.Context, o FlowOptions) (FlowReport, error) {
	if len(o.Users) == 0 || o.Client == nil || o.Browser == nil {
		return FlowReport{}, fmt.Errorf("bench flow: client, browser and users are required")
	}
	if o.Concurrency < 1 {
		o.Concurrency = 1
	}
	say := func(f string, a ...any) {
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, f+"\n", a...)
		}
	}
	verify, err := verifyCost(o.Hashing)
	if err != nil {
		return FlowReport{}, err
	}
	say("bench flow: argon2id %s verifies in %.1f ms here; %d warm-up flows", paramString(o.Hashing), ms(verify), o.Warmup)
	one := func(i int) (*tpp.Session, error) {
		u := o.Users[i%len(o.Users)]
		return o.Client.Run(ctx, o.Browser, tpp.Request{Kind: tpp.DataSharing, CPF: u.CPF, CNPJ: u.CNPJ}, u, tpp.Choice{})
	}
	for i := range o.Warmup {
		if _, err := one(i); err != nil {
			return FlowReport{}, fmt.Errorf("bench flow: warm-up flow: %w", err)
		}
	}

	say("bench flow: %d flows over %d workers", o.Flows, o.Concurrency)
	var (
		mu       sync.Mutex
		flowLat  []time.Duration
		stepLat  = map[string][]time.Duration{}
		titles   = map[string]string{}
		order    []string
		errs     int
		firstErr string
		next     atomic.Int64
		wg       sync.WaitGroup
	)
	cpu0, start := processCPU(), time.Now()
	for range o.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= o.Flows || ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				s, err := one(o.Warmup + i)
				d := time.Since(t0)
				mu.Lock()
				if err != nil {
					errs++
					if firstErr == "" {
						firstErr = err.Error()
					}
				} else {
					flowLat = append(flowLat, d)
					for _, st := range s.Steps.List {
						key := st.Number + " " + st.Title
						if _, ok := titles[key]; !ok {
							titles[key] = st.Title
							order = append(order, key)
						}
						stepLat[key] = append(stepLat[key], st.Latency)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed, cpu := time.Since(start), processCPU()-cpu0
	if err := ctx.Err(); err != nil {
		return FlowReport{}, err
	}

	r := FlowReport{Flows: len(flowLat), Errors: errs, FirstError: firstErr, Concurrency: o.Concurrency, Seconds: elapsed.Seconds(),
		TargetPerSec: FlowTarget, Flow: percentiles(flowLat), ProcessCPUSeconds: cpu.Seconds()}
	r.FlowsPerSec = round3(float64(r.Flows) / elapsed.Seconds())
	if r.Flows > 0 && cpu > 0 {
		r.CPUMsPerFlow = round3(ms(cpu) / float64(r.Flows))
		r.FlowsPerCPUSecond = round3(float64(r.Flows) / cpu.Seconds())
	}
	r.Met = errs == 0 && r.FlowsPerSec >= FlowTarget
	for _, k := range order {
		r.Steps = append(r.Steps, StepStats{Step: k[:len(k)-len(titles[k])-1], Title: titles[k], Percentiles: percentiles(stepLat[k])})
	}
	hashCPU := time.Duration(r.Flows) * verify
	r.Hashing.Params, r.Hashing.VerifyMs, r.Hashing.CPUSeconds = paramString(o.Hashing), ms(verify), hashCPU.Seconds()
	if cpu > 0 {
		r.Hashing.ShareOfCPU = round3(hashCPU.Seconds() / cpu.Seconds())
	}
	if r.Flow.P50 > 0 {
		r.Hashing.ShareOfWall = round3(ms(verify) / r.Flow.P50)
	}
	return r, nil
}

// verifyCost is the median time of one password verification at p on this machine.
func verifyCost(p password.Params) (time.Duration, error) {
	h, err := p.Hash("bench-password")
	if err != nil {
		return 0, fmt.Errorf("bench flow: hash: %w", err)
	}
	var ds []time.Duration
	for range 9 {
		t := time.Now()
		if _, err := password.Verify(h, "bench-password"); err != nil {
			return 0, fmt.Errorf("bench flow: verify: %w", err)
		}
		ds = append(ds, time.Since(t))
	}
	slices.Sort(ds)
	return ds[len(ds)/2], nil
}

func paramString(p password.Params) string {
	return fmt.Sprintf("m=%d KiB, t=%d, p=%d", p.Memory, p.Time, p.Threads)
}

func percentiles(ds []time.Duration) Percentiles {
	if len(ds) == 0 {
		return Percentiles{}
	}
	s := slices.Clone(ds)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(q float64) float64 { return ms(s[min(len(s)-1, int(q*float64(len(s))))]) }
	return Percentiles{P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: ms(s[len(s)-1])}
}

func ms(d time.Duration) float64 { return round3(float64(d.Microseconds()) / 1000) }

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
