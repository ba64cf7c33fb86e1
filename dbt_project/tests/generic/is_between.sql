{#- Values lie in [min_value, max_value] (nulls pass: they mean "not measured"). -#}
{% test is_between(model, column_name, min_value, max_value, where_sql='true') %}
    select *
    from {{ model }}
    where {{ column_name }} is not null
        and ({{ where_sql }})
        and ({{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }})
{% endtest %}
