"""The original's object locators: the arguments that say on which object's property sheet a property
call works (`applicationName`, `procedureName`, `jobId`, ...).

restkeep keeps properties on projects and artifacts (`projectName`, `artifactName`) and by absolute
path. Every other locator the original documents is accepted as an argument (it is no typo), and a call
that gives one is refused with a 400 that names it: the property it means belongs to an object restkeep
does not have, and must not be read or written somewhere else instead. The two context switches that
only widen or narrow where the original looks (`extendedContextSearch`) or what it records
(`suppressValueTracking`) are accepted and ignored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
IGNORED = ("extendedContextSearch", "suppressValueTracking")


def _check(self: Any) -> None:
    given = [name for name in UNSUPPORTED if getattr(self, name) is not None]
    if given:
        raise InvalidArgument(
            f"Argument '{given[0]}' locates a property on an object that restkeep does not have. It keeps"
            " properties on projects and artifacts (projectName, artifactName) and by absolute path"
            " (/projects/NAME/PROPERTY); docs/flow-api.md lists the differences from the original"
        )


if TYPE_CHECKING:

    class Locators(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
        """The base of every property call's arguments: each locator the original documents."""

else:
    Locators = msgspec.defstruct(
        "Locators",
        [(name, str | None, None) for name in UNSUPPORTED] + [(name, bool | None, None) for name in IGNORED],
        namespace={"__post_init__": _check},
        forbid_unknown_fields=True,
        kw_only=True,
    )


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
