package tandem

import "testing"

// The stored form is what databases already hold, so it must read back exactly.
func TestAwaitingStoredForm(t *testing.T) {
	tests := []struct {
		stored string
		want   Awaiting
	}{
		{"", Awaiting{}},
		{"plan:helps", Await(AwaitPlan, "helps")},
		{"agenda", Await(AwaitAgenda, "")},
		{"sign", Await(AwaitSign, "")},
		{"value", Await(AwaitValue, "")},
		{"goal", Await(AwaitGoal, "")},
		{"step:12", Await(AwaitStep, "12")},
		{"reply:7", Await(AwaitReply, "7")},
		{"resolve:7", Await(AwaitResolve, "7")},
	}
	for _, tt := range tests {
		got := ParseAwaiting(tt.stored)
		if got != tt.want {
			t.Errorf("ParseAwaiting(%q) = %+v, want %+v", tt.stored, got, tt.want)
		}
		if s := got.String(); s != tt.stored {
			t.Errorf("%+v is stored as %q, want %q", got, s, tt.stored)
		}
		if got.IsZero() != (tt.stored == "") {
			t.Errorf("%q: IsZero = %v", tt.stored, got.IsZero())
		}
	}
}
