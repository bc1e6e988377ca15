"""The original's object locators: the arguments that say on which object's property sheet a property
call works (`applicationName`, `procedureName`, `jobId`, ...).

restkeep keeps properties on projects and artifacts (`projectName`, `artifactName`) and by absolute
path. Every other locator the original documents is known (it is no typo): a call that gives one is
refused with a 400 that names it and says why — the property it means belongs to an object restkeep
does not have, and must not be read or written somewhere else instead. The two context switches that
only widen or narrow where the original looks (`extendedContextSearch`) or what it records
(`suppressValueTracking`) are accepted and ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import msgspec

from restkeep.server.errors import InvalidArgument

# the locators of the original's property calls that name objects restkeep does not have
UNSUPPORTED = (
    "applicationName", "applicationTierName", "archiveConnectorName", "artifactVersionName",
    "catalogItemRunId", "catalogName", "ciBuildDetailName", "clusterName", "componentName", "configName",
    "credentialName", "dashboardName", "dataRetentionPolicyName", "devOpsInsightServerConfigurationName",
    "environmentName", "environmentTemplateName", "environmentTemplateTierName", "environmentTierName",
    "flowName", "flowRuntimeId", "flowRuntimeName", "flowRuntimeStateId", "flowRuntimeStateName",
    "flowStateName", "flowTransitionName", "gateType", "groupName", "hookName", "jobId", "jobStepId",
    "notifierName", "objectId", "pipelineName", "pluginName", "procedureName", "processName",
    "processStepName", "releaseName", "reportName", "reportObjectTypeName", "repositoryName",
    "resourceName", "resourcePoolName", "resourceTemplateName", "scheduleName", "searchFilterName",
    "serviceAccountName", "serviceName", "snapshotName", "stageName", "stateDefinitionName", "stateName",
    "stepName", "systemObjectName", "taskName", "transitionDefinitionName", "transitionName", "userName",
    "workflowDefinitionName", "workflowName", "workspaceName", "zoneName",
)  # fmt: skip


def _refusal(name: str) -> str:
    return (
        f"Argument '{name}' locates a property on an object that restkeep does not have. It keeps"
        " properties on projects and artifacts (projectName, artifactName) and by absolute path"
        " (/projects/NAME/PROPERTY); docs/flow-api.md lists the differences from the original"
    )


class Locators(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The base of every property call's arguments. The original's locators of objects restkeep lacks
    are not fields (a property read pays nothing for them): `args.convert` answers one that is given
    with its refusal here instead of "unknown argument"."""

    refused: ClassVar[Mapping[str, str]] = {name: _refusal(name) for name in UNSUPPORTED}
    extendedContextSearch: bool | None = None
    suppressValueTracking: bool | None = None


def refuse_given(args: msgspec.Struct, reasons: dict[str, str]) -> None:
    """Refuse, by name and with the reason, an argument of the original that restkeep accepts but
    cannot honour when it is given (anything but absent, false or empty)."""
    for name, reason in reasons.items():
        if getattr(args, name) not in (None, False, [], ""):
            raise InvalidArgument(f"Argument '{name}' is not supported by restkeep: {reason}")


def artifact_name(name: str | None, group_id: str | None, artifact_key: str | None) -> str:
    """`groupId:artifactKey` from either spelling the original accepts."""
    if name is not None:
        if group_id is not None or artifact_key is not None:
            raise InvalidArgument("Give 'artifactName', or 'groupId' with 'artifactKey', not both")
        return name
    if group_id is None or artifact_key is None:
        raise InvalidArgument("Give 'artifactName' (groupId:artifactKey), or 'groupId' with 'artifactKey'")
    return f"{group_id}:{artifact_key}"
