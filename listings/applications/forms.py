"""Forms for the organiser's settings, applying, and the organiser's decision.

Questions are a small fixed set of rows (``QUESTION_ROWS``), so the settings page works
without JavaScript: a row left empty is no question, and the rows' order is the questions'.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ApplicationQuestion, ApplicationSettings, QuestionKind

QUESTION_ROWS = 5
DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class ApplicationSettingsForm(forms.ModelForm):
    class Meta:
        model = ApplicationSettings
        fields = ["is_open", "capacity", "approval_mode", "deadline", "cancellation_cutoff_hours"]
        widgets = {
            "approval_mode": forms.RadioSelect,
            "deadline": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_INPUT_FORMAT
            ),
            "capacity": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            "cancellation_cutoff_hours": forms.NumberInput(
                attrs={"min": 0, "inputmode": "numeric"}
            ),
        }

    def __init__(self, *args, listing, **kwargs):
        super().__init__(*args, **kwargs)
        self.listing = listing
        if self.instance.pk is None and listing.activity_capacity:
            self.initial.setdefault("capacity", listing.activity_capacity)
        self.fields["deadline"].input_formats = [DATETIME_INPUT_FORMAT, "%Y-%m-%d %H:%M"]

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        starts_at = self.listing.activity_starts_at
        if deadline and starts_at and deadline > starts_at:
            raise forms.ValidationError(_("The deadline must be before the activity starts."))
        return deadline


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of answer"), choices=QuestionKind.choices, initial=QuestionKind.TEXT
    )
    options = forms.CharField(
        label=_("Options (one per line, for a choice)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def clean(self):
        data = super().clean()
        data["options"] = [
            line.strip() for line in (data.get("options") or "").splitlines() if line.strip()
        ]
        if not data.get("text", "").strip():
            return data
        if data.get("kind") == QuestionKind.CHOICE:
            if len(data["options"]) < 2:
                self.add_error("options", _("Give at least two options, one per line."))
            elif len(set(data["options"])) != len(data["options"]):
                self.add_error("options", _("Each option must be different."))
        return data


class BaseQuestionFormSet(forms.BaseFormSet):
    def questions(self) -> list[dict]:
        """The filled rows, in order; the formset must be valid."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("text", "").strip()
        ]


QuestionFormSet = forms.formset_factory(
    QuestionForm, formset=BaseQuestionFormSet, extra=0, min_num=QUESTION_ROWS, max_num=QUESTION_ROWS
)


def question_initial(questions) -> list[dict]:
    return [
        {
            "text": question.text,
            "kind": question.kind,
            "options": "\n".join(question.options),
            "required": question.required,
        }
        for question in questions
    ]


class ApplyForm(forms.Form):
    """One field per question (``question_<id>``); none when the organiser asks nothing."""

    def __init__(self, *args, questions: list[ApplicationQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            if question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    label=question.text,
                    choices=[(option, option) for option in question.options],
                    widget=forms.RadioSelect,
                    required=question.required,
                )
            else:
                field = forms.CharField(
                    label=question.text, max_length=500, required=question.required
                )
            field.error_messages["required"] = _("Please answer this question.")
            self.fields[f"question_{question.pk}"] = field

    def answers(self) -> dict[int, str]:
        return {
            question.pk: self.cleaned_data.get(f"question_{question.pk}", "")
            for question in self.questions
        }


class DeclineForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the applicant (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
