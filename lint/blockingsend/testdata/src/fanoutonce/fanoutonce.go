// Package fanoutonce holds one first-error fan-out whose leak concerns
// several goroutines: it is one bug, reported once per channel, at the
// first goroutine, with the others named in the related positions. From:
// pulsar-client-go pulsaradmin/pkg/admin/topic.go:1265-1268 (four go
// t.getTopics(ctx, url, out, errChan) on two result channels; the receiver
// returns at the first error).
package fanoutonce

import "context"

func get(ctx context.Context, url string) ([]string, error) { return nil, ctx.Err() }

func getTopics(ctx context.Context, url string, out chan<- []string, errc chan<- error) {
	topics, err := get(ctx, url)
	errc <- err
	out <- topics
}

func List(ctx context.Context) ([]string, []string, error) {
	var partitioned, plain []string
	partitionedc := make(chan []string)
	plainc := make(chan []string)
	errc := make(chan error)
	go getTopics(ctx, "persistent/partitioned", partitionedc, errc) // want `send on partitionedc can block forever in 2 goroutines: the receiver returns at line \d+ with values still to come`
	go getTopics(ctx, "non-persistent/partitioned", partitionedc, errc)
	go getTopics(ctx, "persistent", plainc, errc) // want `send on plainc can block forever in 2 goroutines: the receiver returns at line \d+ with values still to come`
	go getTopics(ctx, "non-persistent", plainc, errc)
	for n := 4; n > 0; {
		select {
		case err := <-errc:
			if err != nil {
				return nil, nil, err
			}
		case p := <-partitionedc:
			n--
			partitioned = append(partitioned, p...)
		case p := <-plainc:
			n--
			plain = append(plain, p...)
		}
	}
	return partitioned, plain, nil
}
