"""The rules in the desk: every rule of the packs applied (/rules/) and one rule in full
(/rules/ID/), what `patuh explain ID` says, linked from every finding."""
