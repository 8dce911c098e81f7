package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
)

// maxBody is above Telegram's 50 MB upload limit so that the limit itself,
// not the reader, answers oversized uploads.
const maxBody = 60 << 20

// upload is a file part of a multipart request.
type upload struct {
	name        string
	contentType string
	data        []byte
}

// params is a request's arguments, gathered the way Telegram does from the
// query string and from a JSON, urlencoded or multipart body. Values are kept
// as text: JSON objects and arrays as their JSON source, as a form would
// carry them.
type params struct {
	vals  map[string]string
	files map[string]*upload
	read  map[string]bool
}

func parseParams(w http.ResponseWriter, r *http.Request) (*params, *apiError) {
	p := &params{vals: map[string]string{}, files: map[string]*upload{}, read: map[string]bool{}}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			p.vals[k] = v[0]
		}
	}
	if r.Body == nil || r.Method == http.MethodGet {
		return p, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	tooBig := func(err error) *apiError {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &apiError{code: http.StatusRequestEntityTooLarge, description: "Request Entity Too Large"}
		}
		return nil
	}
	switch ct {
	case "application/json":
		body, err := io.ReadAll(r.Body)
		if err != nil {
			if e := tooBig(err); e != nil {
				return nil, e
			}
			return nil, badRequest("can't read request body")
		}
		if len(strings.TrimSpace(string(body))) == 0 {
			return p, nil
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return nil, badRequest("can't parse JSON object")
		}
		for k, raw := range obj {
			var s string
			switch {
			case string(raw) == "null":
				continue // Telegram treats null as absent
			case json.Unmarshal(raw, &s) == nil:
				p.vals[k] = s
			default:
				p.vals[k] = string(raw)
			}
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			if e := tooBig(err); e != nil {
				return nil, e
			}
			return nil, badRequest("can't parse form")
		}
		for k, v := range r.PostForm {
			if len(v) > 0 {
				p.vals[k] = v[0]
			}
		}
	case "multipart/form-data":
		if ctParams["boundary"] == "" {
			return nil, badRequest("can't parse multipart form")
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			if e := tooBig(err); e != nil {
				return nil, e
			}
			return nil, badRequest("can't parse multipart form")
		}
		if len(body) == 0 { // go-telegram/bot sends parameterless calls this way
			return p, nil
		}
		mr := multipart.NewReader(bytes.NewReader(body), ctParams["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				if e := tooBig(err); e != nil {
					return nil, e
				}
				return nil, badRequest("can't parse multipart form")
			}
			data, err := io.ReadAll(part)
			if err != nil {
				if e := tooBig(err); e != nil {
					return nil, e
				}
				return nil, badRequest("can't parse multipart form")
			}
			name := part.FormName()
			if part.FileName() != "" {
				p.files[name] = &upload{name: part.FileName(), contentType: part.Header.Get("Content-Type"), data: data}
			} else {
				p.vals[name] = string(data)
			}
		}
	}
	return p, nil
}

// get returns a parameter's text and whether it was given.
func (p *params) get(name string) (string, bool) {
	p.read[name] = true
	v, ok := p.vals[name]
	return v, ok
}

func (p *params) str(name string) string {
	v, _ := p.get(name)
	return v
}

func (p *params) file(name string) *upload {
	p.read[name] = true
	return p.files[name]
}

// boolean reads a Bot API Boolean: "true" or "1", as the Bot API server does.
func (p *params) boolean(name string) bool {
	v := strings.ToLower(strings.TrimSpace(p.str(name)))
	return v == "true" || v == "1"
}

// integer reads an Integer parameter; ok is false when absent or empty.
func (p *params) integer(name string) (n int64, present bool, valid bool) {
	v, ok := p.get(name)
	v = strings.TrimSpace(v)
	if !ok || v == "" {
		return 0, false, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, true, err == nil
}
