"""Versions, decisions, board statements and co-signatures form one hash chain per plan, and
``manage.py verify_evidence`` names whatever somebody with the database's keys changed
(docs/security.md, "Evidence survives its own database"; R9, R10, R11)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from plans.approval import statements
from plans.evidence import GENESIS, ImmutableRecordError, chain_models, verify_chains
from plans.models import BoardStatement, Decision, PlanVersion, SignatureKind, StatementSignature
from tests import factories
from tests.dbroles import tamper


def adopted_with_statement(org, author, board_member, councils, or_member):
    plan = factories.complete_plan(org, author)
    version = factories.adopt(plan, author=author, board=board_member, councils=councils, note="Akkoord.")
    statement = statements.issue_statement(actor=board_member, plan=plan, year=2028, text="Verklaring.", objectives_met=True)
    statements.sign_statement(
        actor=or_member, statement=statement, body=org.bodies.get(kind="or"), decision=SignatureKind.COSIGNED
    )
    return plan, version


def chain_of(plan) -> list:
    records = [
        *PlanVersion.objects.filter(plan=plan),
        *Decision.objects.filter(version__plan=plan),
        *BoardStatement.objects.filter(plan=plan),
        *StatementSignature.objects.filter(statement__plan=plan),
    ]
    return sorted(records, key=lambda record: record.chain_seq)


def verify() -> tuple[bool, str, str]:
    """Run the command as an operator would: (clean, stdout, stderr)."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_evidence", stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue(), err.getvalue() + str(exc)
    return True, out.getvalue(), err.getvalue()


def test_each_record_points_at_the_one_before_it_in_its_plan(org, author, board_member, or_member, var_member, cr_member):
    plan, _version = adopted_with_statement(org, author, board_member, [or_member, var_member, cr_member], or_member)
    other = factories.complete_plan(org, author, title="Ander plan")
    factories.submit(other, author)

    chain = chain_of(plan)
    # version, board decision, OR and VAR consent, statement, co-signature
    assert [type(record).__name__ for record in chain] == [
        "PlanVersion", "Decision", "Decision", "Decision", "BoardStatement", "StatementSignature",
    ]
    assert [record.chain_seq for record in chain] == list(range(1, len(chain) + 1))
    assert chain[0].chain_previous == GENESIS
    for before, record in zip(chain, chain[1:], strict=False):
        assert record.chain_previous == before.chain_hash
    assert len({record.chain_hash for record in chain}) == len(chain)
    # The other plan has its own chain, starting afresh.
    assert [(v.chain_seq, v.chain_previous) for v in chain_of(other)] == [(1, GENESIS)]
    assert verify_chains() == []
    clean, out, _err = verify()
    assert clean, out
    assert "evidence verified: 7 evidence records" in out


def test_every_chained_model_is_append_only_and_declares_its_plan():
    assert {model.__name__ for model in chain_models()} >= {"PlanVersion", "Decision", "BoardStatement", "StatementSignature"}
    with pytest.raises(ImmutableRecordError, match="insert one record at a time"):
        Decision.objects.bulk_create([])


@pytest.mark.django_db(transaction=True)
def test_verify_evidence_names_each_record_and_file_changed_underneath(
    org, author, board_member, or_member, var_member, cr_member, django_capture_on_commit_callbacks
):
    from plans.documents import services as documents

    plan, version = adopted_with_statement(org, author, board_member, [or_member, var_member, cr_member], or_member)
    with django_capture_on_commit_callbacks(execute=True):
        document = documents.request_document(actor=author, plan=plan, version=version, kind="cover")
    document.refresh_from_db()
    assert document.file
    assert verify()[0]
    board = Decision.objects.get(version=version, body__kind="board")
    consent = Decision.objects.filter(version=version).exclude(body__kind="board").order_by("chain_seq").last()
    statement = BoardStatement.objects.get(plan=plan)

    # What an owner or a superuser could do: triggers off, then change and delete rows, and a file.
    tamper("plans_decision", "UPDATE plans_decision SET text = %s WHERE id = %s", ["Niet akkoord.", board.pk])
    tamper("plans_planversion", "UPDATE plans_planversion SET snapshot = %s WHERE id = %s",
           ['{"plan": {"title": "Anders"}}', version.pk])
    tamper("plans_statementsignature", "DELETE FROM plans_statementsignature WHERE statement_id = %s", [statement.pk])
    tamper("plans_decision", "DELETE FROM plans_decision WHERE id = %s", [consent.pk])
    with document.file.open("ab") as stored:
        stored.write(b"%% changed")

    clean, _out, err = verify()
    assert not clean
    assert f"plans.Decision #{board.pk} (plan {plan.pk}, link 2): its content does not match its hash" in err
    assert f"plans.PlanVersion #{version.pk} (plan {plan.pk}, v{version.number}): its snapshot does not match" in err
    # The deleted consent leaves a gap that the next record names.
    assert f"plans.BoardStatement #{statement.pk} (plan {plan.pk}, link {statement.chain_seq}): expected link" in err
    assert f"plans.Document #{document.pk} (cover, plan {plan.pk}" in err
    assert "its file does not match its SHA-256" in err
    assert "mismatches" in err


@pytest.mark.django_db(transaction=True)
def test_a_record_rewritten_with_a_fresh_hash_breaks_the_next_link(org, author, board_member, or_member, var_member, cr_member):
    from plans.evidence import content_of, link_hash

    plan, version = adopted_with_statement(org, author, board_member, [or_member, var_member, cr_member], or_member)
    board = Decision.objects.get(version=version, body__kind="board")
    board.text = "Niet akkoord."
    forged = link_hash(label=board._meta.label, seq=board.chain_seq, previous=board.chain_previous, content=content_of(board))
    tamper("plans_decision", "UPDATE plans_decision SET text = %s, chain_hash = %s WHERE id = %s",
           ["Niet akkoord.", forged, board.pk])

    findings = [str(finding) for finding in verify_chains()]
    assert findings == [
        f"plans.Decision #{after.pk} (plan {plan.pk}, link {after.chain_seq}): does not point at the hash of the record before it"
        for after in chain_of(plan) if after.chain_seq == board.chain_seq + 1
    ]


@pytest.mark.django_db(transaction=True)
def test_evidence_recorded_before_the_chain_is_linked_by_the_migration(org, author, board_member, or_member, var_member, cr_member):
    plan, _version = adopted_with_statement(org, author, board_member, [or_member, var_member, cr_member], or_member)
    before = [(type(record).__name__, record.pk) for record in chain_of(plan)]

    call_command("migrate", "plans", "0008_objective_carried_over", verbosity=0)  # the columns go, the rows stay
    call_command("migrate", "plans", verbosity=0)  # and the migration links them again

    chain = chain_of(plan)
    assert [(type(record).__name__, record.pk) for record in chain] == before
    assert [record.chain_seq for record in chain] == list(range(1, len(chain) + 1))
    assert verify_chains() == []
