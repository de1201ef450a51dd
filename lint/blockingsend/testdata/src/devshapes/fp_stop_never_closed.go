// A look-alike that is harmless: the workers' select gives up on a stop channel, but
// nothing ever closes it or sends on it, and no other package can. From: jaeger
// examples/hotrod/pkg/pool/pool.go:37 (Pool{jobs, stop}; workers select on <-jobs and
// <-stop; no method closes stop). Why harmless: the case on stop is never taken, so the
// workers never stop receiving from jobs and every send is taken by one of them.
package devshapes

// WorkerPool runs jobs on a fixed number of workers.
type WorkerPool struct {
	jobs chan func()
	stop chan struct{}
}

// NewWorkerPool starts workers that run the jobs Execute hands them.
func NewWorkerPool(workers int) *WorkerPool {
	jobs := make(chan func())
	stop := make(chan struct{})
	for range workers {
		go func() {
			for {
				select {
				case job := <-jobs:
					job()
				case <-stop:
					return
				}
			}
		}()
	}
	return &WorkerPool{jobs: jobs, stop: stop}
}

// Execute hands job to a worker.
func (p *WorkerPool) Execute(job func()) {
	p.jobs <- job
}
