package model

import (
	"testing"
	"time"
)

// BenchmarkSensitivity measures SPEC §3c on synthetic miners of 10 projects and the five default
// scenarios, beside Compute on the same miners. Both report their cost per miner. Sensitivities
// also reports the evaluations it makes per miner (grid points, tornado points and solve steps:
// each one recomputation of the miner, of its financing alone where nothing before it moved),
// their average cost, and its cost per miner as a multiple of Compute's, measured in the same run.
func BenchmarkSensitivity(b *testing.B) {
	const miners = 20
	u := benchUniverse(miners, 10)
	res := Compute(u)
	perMiner := func(b *testing.B) float64 {
		return float64(b.Elapsed().Nanoseconds()) / float64(b.N*miners)
	}
	b.Run("Compute", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Compute(u)
		}
		b.ReportMetric(perMiner(b), "ns/miner")
	})
	b.Run("Sensitivities", func(b *testing.B) {
		b.ReportAllocs()
		evals := 0
		for b.Loop() {
			_, n := sensitivities(u, res, DefaultSensitivityParams())
			evals += n
		}
		b.ReportMetric(float64(evals)/float64(b.N*miners), "evals/miner")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(evals), "ns/eval")
		b.ReportMetric(perMiner(b), "ns/miner")
		const runs = 20
		start := time.Now()
		for range runs {
			Compute(u)
		}
		compute := float64(time.Since(start).Nanoseconds()) / (runs * miners)
		b.ReportMetric(perMiner(b)/compute, "x-compute")
	})
}
