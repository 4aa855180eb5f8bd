"""Qt-free core: run records, substrate chemistry, rules, diagnosis, protocol, amounts."""
