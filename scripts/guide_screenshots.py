"""Copy the user guide's pictures from the screenshots the browser journeys just took.

The guide (docs/user-guide.md) shows the pages as the journeys see them, so the pictures stay
true: after a change to a page, `make guide-screenshots` runs the journeys and copies them again.
tests/test_user_guide.py checks that every picture the guide shows is listed here and that every
source below is taken by a journey.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "test-screenshots"
GUIDE_IMAGES = ROOT / "docs" / "images" / "guide"

# picture in the guide -> screenshot of a journey (tests/e2e), one per step and per role
PICTURES = {
    "overzicht-adviseur.png": "02-dashboard-nl.png",
    "organisatie-starten.png": "60-organisation-start-1280.png",
    "opzetten.png": "63-setup-guide-progress-1280.png",
    "stap1-themas.png": "12-themes.png",
    "stap3-doelstellingen-interventies.png": "15-interventions-matrix.png",
    "stap3-formatie-leidinggevende.png": "19-line-manager-formation.png",
    "stap4-or-reageert.png": "alignment-03-or-comments.png",
    "stap4-teamwens.png": "alignment-04-line-manager-wish.png",
    "stap5-jaarplan.png": "budget-03-year-plan-saved.png",
    "stap6-bestuur-besluit.png": "approval-03-board-approves.png",
    "stap6-or-instemming.png": "approval-04-or-consents-with-condition.png",
    "bestuursverklaring-meetekenen.png": "statement-03-or-cosigned.png",
    "tweede-factor-instellen.png": "second-factor-02-scan-1280.png",
    "uitvoering.png": "execution-01-year-1280.png",
    "evaluatie.png": "evaluation-01-form.png",
    "volgende-cyclus.png": "evaluation-05-next-cycle.png",
    "door-de-jaren.png": "evaluation-08-over-the-years-1280.png",
    "documenten.png": "documents-02-ready.png",
}


def main() -> int:
    missing = [source for source in PICTURES.values() if not (SCREENSHOTS / source).exists()]
    if missing:
        print("Run the browser journeys first (make test-browser); missing: " + ", ".join(missing), file=sys.stderr)
        return 1
    GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
    for picture, source in PICTURES.items():
        shutil.copyfile(SCREENSHOTS / source, GUIDE_IMAGES / picture)
    print(f"{len(PICTURES)} pictures copied to {GUIDE_IMAGES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
