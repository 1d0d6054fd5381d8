"""The models of the plans app, gathered from its packages so that Django finds them.

Code inside ``plans`` imports a model from the package that holds it (``plans.content.models``, …);
other apps and the tests may import from here.
"""

from plans.alignment.models import (  # noqa: F401
    Comment,
    CommentKind,
    Consultation,
)
from plans.approval.models import (  # noqa: F401
    BOARD_DECISIONS,
    CONSENT_DECISIONS,
    POSITIVE_DECISIONS,
    AppendOnly,
    AppendOnlyQuerySet,
    BoardStatement,
    ConsentReason,
    ConsentRequest,
    Decision,
    DecisionKind,
    DecisionRecord,
    ImmutableRecordError,
    SignatureKind,
    StatementSignature,
    ZorgkantoorSubmission,
)
from plans.content.models import (  # noqa: F401
    EDITABLE_STATUSES,
    FTE,
    MAX_PLAN_YEARS,
    YEAR_VALIDATORS,
    FormationRow,
    Horizon,
    ImprovementAction,
    Intervention,
    InterventionLevel,
    LearningVisionPoint,
    Objective,
    Plan,
    PlanPart,
    PlanStatus,
    PlanTransition,
    PlanVersion,
    QualificationMixRow,
    Theme,
    ThemeKind,
    Topic,
    VisionPoint,
    WorkForm,
)
from plans.documents.models import (  # noqa: F401
    DOCUMENT_DONE,
    Document,
    DocumentKind,
    DocumentStatus,
)
from plans.evaluation.models import (  # noqa: F401
    Evaluation,
    Evidence,
    EvidenceFile,
    ObjectiveResult,
    PlanChange,
    Realisation,
    ThemeReview,
)
from plans.notifications.models import (  # noqa: F401
    Notification,
    NotificationKind,
)
from plans.regional.models import (  # noqa: F401
    ActionStatus,
    Contribution,
    RegionalAction,
)
