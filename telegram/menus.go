package telegram

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tandemcare/tandem"
)

// Command menus are a convenience, never worth a deaf bot: SetMenu only notes what a menu
// should be, and RunMenus, in the background, tells Telegram about the menus that are missing or
// changed since they were last set (the store remembers a hash of each), one every MenuInterval
// and waiting out any 429. A start with nothing changed makes no setMyCommands call at all.

// DefaultMenuInterval is the pause between two setMyCommands calls: 4 a second is a small
// share of what a bot may call, so menus never crowd out the messages people are waiting for.
const DefaultMenuInterval = 250 * time.Millisecond

type menuKey struct {
	chatID int64
	lang   string
}

type menuJob struct {
	menuKey
	hash string
}

// menuQueue holds the menus still to be set, newest wish per chat and language, in the order
// first asked for. Menus with the same commands share one list.
type menuQueue struct {
	mu    sync.Mutex
	order []menuKey
	want  map[menuKey]string          // hash wanted
	lists map[string][]tandem.Command // by hash
	// busy is how many taken by next are still being set.
	busy int
	wake chan struct{}
}

func newMenuQueue() *menuQueue {
	return &menuQueue{want: map[menuKey]string{}, lists: map[string][]tandem.Command{}, wake: make(chan struct{}, 1)}
}

// menuHash identifies a menu's contents.
func menuHash(cmds []tandem.Command) string {
	b, _ := json.Marshal(cmds)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// SetMenu asks for a command menu: for one chat, or (chatID 0) for every private chat whose
// app is in lang ("" for everyone else). It returns at once; RunMenus sets it, unless Telegram
// already has exactly that menu.
func (c *Client) SetMenu(ctx context.Context, chatID int64, lang string, cmds []tandem.Command) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	k := menuKey{chatID, lang}
	hash := menuHash(cmds)
	last, err := c.store.MenuHash(ctx, chatID, lang)
	if err != nil {
		return fmt.Errorf("telegram: %w", err)
	}
	q := c.menus
	q.mu.Lock()
	defer q.mu.Unlock()
	if last == hash {
		delete(q.want, k) // an earlier wish, now undone, need not be sent
		return nil
	}
	if _, queued := q.want[k]; !queued {
		q.order = append(q.order, k)
	}
	q.want[k] = hash
	if _, ok := q.lists[hash]; !ok {
		q.lists[hash] = cmds
	}
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return nil
}

// next takes the oldest menu still wanted.
func (q *menuQueue) next() (menuJob, []tandem.Command, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.order) > 0 {
		k := q.order[0]
		q.order = q.order[1:]
		if hash, ok := q.want[k]; ok {
			delete(q.want, k)
			q.busy++
			cmds := q.lists[hash]
			if len(q.want) == 0 {
				q.order, q.lists = nil, map[string][]tandem.Command{}
			}
			return menuJob{k, hash}, cmds, true
		}
	}
	return menuJob{}, nil, false
}

// done says a job taken by next is finished with.
func (q *menuQueue) done() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.busy--
}

// again puts a job back at the front, unless a newer wish for the same menu came meanwhile.
func (q *menuQueue) again(j menuJob, cmds []tandem.Command) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.busy--
	if _, newer := q.want[j.menuKey]; newer {
		return
	}
	q.want[j.menuKey] = j.hash
	q.lists[j.hash] = cmds
	q.order = append([]menuKey{j.menuKey}, q.order...)
}

// PendingMenus is how many menus are waiting to be set or being set.
func (c *Client) PendingMenus() int {
	c.menus.mu.Lock()
	defer c.menus.mu.Unlock()
	return len(c.menus.want) + c.menus.busy
}

// RunMenus sets the menus SetMenu asked for, paced, until ctx ends. A menu Telegram refuses
// is logged and not remembered, so the next start tries it again.
func (c *Client) RunMenus(ctx context.Context) error {
	interval := c.cfg.MenuInterval
	if interval <= 0 {
		interval = DefaultMenuInterval
	}
	var last time.Time
	for {
		j, cmds, ok := c.menus.next()
		if !ok {
			select {
			case <-ctx.Done():
				return nil
			case <-c.menus.wake:
				continue
			}
		}
		if !sleep(ctx, time.Until(last.Add(interval))) {
			return nil
		}
		last = time.Now()
		if wait := c.setOne(ctx, j, cmds); wait > 0 && !sleep(ctx, wait) {
			return nil
		}
	}
}

// setOne sets one menu and remembers it, or puts it back and says how long to wait when
// Telegram asks us to slow down.
func (c *Client) setOne(ctx context.Context, j menuJob, cmds []tandem.Command) time.Duration {
	wait, err := c.setMyCommands(ctx, j.chatID, j.lang, cmds)
	switch {
	case wait > 0:
		c.log.Warn("telegram: asked to slow down while setting command menus", "retry_after", wait)
		c.menus.again(j, cmds)
		return wait
	case ctx.Err() != nil:
	case err != nil:
		c.log.Warn("telegram: could not set a command menu", "chat_id", j.chatID, "lang", j.lang, "err", err)
	default:
		if err := c.store.RecordMenu(ctx, j.chatID, j.lang, j.hash); err != nil && ctx.Err() == nil {
			// Telegram has it; at worst the next start sets it again.
			c.log.Warn("telegram: could not remember a command menu", "chat_id", j.chatID, "err", err)
		}
	}
	c.menus.done()
	return 0
}

// sleep waits d, reporting false if ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// setMyCommands makes the call; a 429 comes back as how long to wait before trying again.
func (c *Client) setMyCommands(ctx context.Context, chatID int64, lang string, cmds []tandem.Command) (time.Duration, error) {
	list := make([]models.BotCommand, 0, len(cmds))
	for _, cmd := range cmds {
		list = append(list, models.BotCommand{Command: cmd.Name, Description: cmd.Description})
	}
	params := &tgbot.SetMyCommandsParams{Commands: list, Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: lang}
	if chatID != 0 {
		params = &tgbot.SetMyCommandsParams{Commands: list, Scope: &models.BotCommandScopeChat{ChatID: chatID}, LanguageCode: lang}
	}
	_, err := c.tg.SetMyCommands(ctx, params)
	var tooMany *tgbot.TooManyRequestsError
	if errors.As(err, &tooMany) {
		return time.Duration(max(tooMany.RetryAfter, 1)) * time.Second, err
	}
	if err != nil {
		return 0, fmt.Errorf("setMyCommands %q: %s", lang, c.redact(err.Error()))
	}
	return 0, nil
}
