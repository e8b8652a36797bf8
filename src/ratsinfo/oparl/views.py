from django.http import HttpRequest, JsonResponse


def system(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"type": "https://schema.oparl.org/1.1/System"})
