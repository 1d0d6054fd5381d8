"""The regional layer: what member organisations share with their region, the regional
dashboard read from adopted versions' frozen snapshots, and the shared doe-agenda
(domain.md "Regional layer", design.md "How data flows" 6)."""
