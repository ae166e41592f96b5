"""Wagtail ships "Moderators" and "Editors" groups with rights over the whole page tree and a
"Moderators approval" workflow on the root page. Socialkompas has its own roles (national
editors, local administrators per municipality) and its own workflow, so those go."""

from django.db import migrations


def remove_defaults(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    defaults = Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True)
    for workflow in Workflow.objects.filter(name="Moderators approval"):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        workflow.active = False
        workflow.save(update_fields=["active"])
    GroupApprovalTask.objects.filter(name="Moderators approval").update(active=False)
    defaults.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0004_municipality_approval_task"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(remove_defaults, migrations.RunPython.noop)]
