"""Input and output shapes of admissions' API (contract §6, HackSoft style): the OpenAPI schema types
every body. Applicant bodies are read by the policy's reader (every problem at once, as
``invalid_applicant``); these serializers describe them and shape the answers."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from admissions.policy import codes
from admissions.policy.conversion import CERTIFICATES
from ektu_portal.core.problems import problem_responses


def problems(*statuses: int) -> dict[Any, Any]:
    """The problem responses of an operation; 401 always (every endpoint needs a signed-in person)."""
    return problem_responses(*sorted({401, *statuses}))


Points = serializers.DictField(child=serializers.IntegerField(min_value=0))


class UntInput(serializers.Serializer[Any]):
    total = serializers.IntegerField(required=False, help_text="omitted: the sum of the subjects")
    subjects = serializers.DictField(child=serializers.IntegerField(), required=False,
                                     help_text='{"history_kz": 14, "reading": 7, "profile_1": 30, …}')


class CertificateInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=list(CERTIFICATES))
    score = serializers.DecimalField(max_digits=7, decimal_places=2)


class KtInput(serializers.Serializer[Any]):
    foreign_language = serializers.IntegerField(required=False)
    readiness = serializers.IntegerField(required=False)
    profile_single = serializers.IntegerField(required=False)
    profile_multiple = serializers.IntegerField(required=False)


class ApplicantInput(serializers.Serializer[Any]):
    """Contract §6: create or update (by number). Which fields are required depends on the track."""

    number = serializers.CharField()
    full_name = serializers.CharField()
    track = serializers.ChoiceField(choices=list(codes.TRACKS))
    program = serializers.CharField(help_text="the programme's code")
    citizenship = serializers.CharField(help_text="ISO 3166 two-letter code; KZ for Kazakhstan")
    full_name_latin = serializers.CharField(required=False)
    iin = serializers.CharField(required=False)
    email = serializers.EmailField(required=False, help_text="the one-time codes of the status page go here")
    phone = serializers.CharField(required=False)
    documents = serializers.ListField(child=serializers.CharField(), required=False)
    unt = UntInput(required=False, allow_null=True)
    unt_second = UntInput(required=False, allow_null=True, help_text="AD-2: an electronic UNT's other result")
    international_certificate = CertificateInput(required=False, allow_null=True, help_text="AD-4")
    creative_exams = serializers.DictField(child=serializers.IntegerField(), required=False)
    kt = KtInput(required=False, allow_null=True)
    foreign_language_certificate = serializers.CharField(required=False, allow_null=True)
    oecd_degree_until = serializers.DateField(required=False, allow_null=True)
    master_degree = serializers.BooleanField(required=False, allow_null=True)
    work_experience_months = serializers.IntegerField(required=False, allow_null=True)
    cefr_certificate = serializers.BooleanField(required=False, default=False)
    entrance_exam = serializers.IntegerField(required=False, allow_null=True)
    military_service_ended = serializers.DateField(required=False, allow_null=True)
    interview_date = serializers.DateField(required=False, allow_null=True)
    certificate_average = serializers.DecimalField(max_digits=3, decimal_places=2, required=False,
                                                   allow_null=True)
    priorities = serializers.ListField(child=serializers.CharField(), required=False)
    quota_categories = serializers.ListField(child=serializers.CharField(), required=False)


class RouteSerializer(serializers.Serializer[Any]):
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=list(codes.REASONS)))


class RoutesSerializer(serializers.Serializer[Any]):
    state_grant = RouteSerializer()
    paid = RouteSerializer()


class EligibilitySerializer(serializers.Serializer[Any]):
    """Contract §6: the applicant's competition score and their eligibility per funding route."""

    number = serializers.CharField()
    track = serializers.ChoiceField(choices=list(codes.TRACKS))
    score = serializers.IntegerField(allow_null=True, help_text="UNT total, KT total or entrance exam")
    routes = RoutesSerializer()


class CompetitionInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=64)
    program_group = serializers.CharField(max_length=64)
    track = serializers.ChoiceField(choices=list(codes.TRACKS))
    grants = serializers.IntegerField(min_value=0)
    intake_year = serializers.IntegerField(min_value=2000, max_value=2100)


class RankingEntrySerializer(serializers.Serializer[Any]):
    applicant = serializers.CharField()
    rank = serializers.IntegerField()
    score = serializers.IntegerField()
    awarded = serializers.BooleanField()


class RunSerializer(serializers.Serializer[Any]):
    """Contract §6: a stored run of a competition and its ranking."""

    code = serializers.CharField(source="competition.code")
    run = serializers.IntegerField()
    ranking = RankingEntrySerializer(many=True)
