from .moderation import MunicipalityApprovalTask, municipal_workflow
from .offer import Accessibility, OfferPage, Price
from .organisation import Organisation
from .taxonomy import Language, LifeSituation, OfferKind, ProviderType, TargetGroup

__all__ = [
    "Accessibility",
    "Language",
    "LifeSituation",
    "MunicipalityApprovalTask",
    "municipal_workflow",
    "OfferKind",
    "OfferPage",
    "Organisation",
    "Price",
    "ProviderType",
    "TargetGroup",
]
