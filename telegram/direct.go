package telegram

import "context"

// ProcessNext hands the next recorded update to h, as Process does, and reports whether there
// was one. A panicking handler comes back as an error starting "panic:". It is for callers that
// drive handling step by step, such as the fuzz tests; a running service uses Process.
func (c *Client) ProcessNext(ctx context.Context, h Handler) (bool, error) {
	pending, err := c.store.NextUpdates(ctx, 1)
	if err != nil || len(pending) == 0 {
		return false, err
	}
	return true, c.processOne(ctx, h, pending[0])
}
