from .links import PrivateLinkUse
from .moderation import MunicipalityApprovalTask, municipal_workflow
from .offer import Accessibility, OfferPage, Price
from .organisation import Organisation
from .schedules import OfferSchedule
from .submissions import ErrorReport, Submission
from .taxonomy import Language, LifeSituation, OfferKind, ProviderType, TargetGroup

__all__ = [
    "Accessibility",
    "ErrorReport",
    "Language",
    "LifeSituation",
    "MunicipalityApprovalTask",
    "municipal_workflow",
    "OfferKind",
    "OfferPage",
    "OfferSchedule",
    "Organisation",
    "Price",
    "PrivateLinkUse",
    "ProviderType",
    "Submission",
    "TargetGroup",
]
