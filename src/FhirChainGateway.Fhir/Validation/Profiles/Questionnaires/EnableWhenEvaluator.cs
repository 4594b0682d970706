using System.Text.Json;

namespace FhirChainGateway.Fhir.Validation.Profiles.Questionnaires;

/// <summary>
/// Questionnaire.item.enableWhen: an item is enabled when its conditions hold (all of them, or any with
/// enableBehavior <c>any</c>) on the answers given to the questions they name. Without conditions it is enabled.
/// </summary>
internal static class EnableWhenEvaluator
{
    public static bool IsEnabled(QuestionnaireItem item, ResponseContext context)
    {
        if (item.EnableWhen.Count == 0)
        {
            return true;
        }

        var any = item.EnableBehavior == "any";
        foreach (var condition in item.EnableWhen)
        {
            var holds = Holds(condition, context);
            if (any && holds)
            {
                return true;
            }

            if (!any && !holds)
            {
                return false;
            }
        }

        return !any;
    }

    private static bool Holds(EnableWhen condition, ResponseContext context)
    {
        var answers = new List<ElementModel.ElementNode>();
        foreach (var item in context.ItemsWithLinkId(condition.Question))
        {
            foreach (var answer in item.ChildrenNamed("answer"))
            {
                if (answer.FirstChild("value") is { } value)
                {
                    answers.Add(value);
                }
            }
        }

        if (condition.Operator == "exists")
        {
            var wanted = condition.Answer is { ValueKind: JsonValueKind.True } || condition.Answer is not { ValueKind: JsonValueKind.False };
            return answers.Count > 0 == wanted;
        }

        if (condition.Answer is not { } expected || condition.AnswerType is not { } type || answers.Count == 0)
        {
            return false;
        }

        return condition.Operator switch
        {
            "=" => answers.Any(a => AnswerComparer.Equal(a, type, expected)),
            "!=" => !answers.Any(a => AnswerComparer.Equal(a, type, expected)),
            ">" => answers.Any(a => AnswerComparer.Compare(a, expected) > 0),
            "<" => answers.Any(a => AnswerComparer.Compare(a, expected) < 0),
            ">=" => answers.Any(a => AnswerComparer.Compare(a, expected) >= 0),
            "<=" => answers.Any(a => AnswerComparer.Compare(a, expected) <= 0),
            _ => false,
        };
    }
}
