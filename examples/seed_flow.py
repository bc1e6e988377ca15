"""The Flow seed with the SDK: usage `python seed_flow.py https://host:8443 ca.pem` (run it again: it is safe)."""
import sys

from restkeep import FlowClient, NotFound

with FlowClient(sys.argv[1], username="admin", password="changeme", verify=sys.argv[2]) as flow:
    flow.set_property("PythonProperty", "newvalue", project="Default")
    print(flow.get_property("PythonProperty", project="Default").value)
    flow.set_property("PythonProperty", "UpdatedPython", project="Default")
    try:
        print(flow.get_artifact("2:2"))  # the seed creates artifact 2:2; a second run finds it
    except NotFound:
        print(flow.create_artifact("2", "2"))
