package triage

// askedIf reports a condition c ("if I want to", "si pienso en") that is the question someone
// put to the person ("my therapist asked if I want to end my life", "me preguntó si pensaba en
// matarme"): its "if" opens what was asked, so it is not the condition of a line of a crisis
// plan, whatever help the sentence names ("asked" is also a way of getting help). The asked
// rule then reads it: a question, unless the sentence says yes.
func (rd *reading) askedIf(c hit) bool {
	for _, o := range rd.ctxs {
		if rd.kind(o) == ctxAsked && o.s < c.s+1 && c.s < o.e {
			return true
		}
	}
	return false
}
