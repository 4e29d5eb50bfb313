//! A class's data as one JSON document or one CSV table, for the instructor to keep.

use serde_json::{json, Value};

use crate::store::{ClassState, PredictionRow, ResultRow};

pub fn as_json(
    class: &ClassState,
    steps: &[(i64, Value)],
    predictions: &[PredictionRow],
    results: &[ResultRow],
) -> Value {
    json!({
        "code": class.code,
        "createdAt": class.created_at,
        "expiresAt": class.expires_at,
        "stepIndex": class.step_index,
        "revealed": class.revealed,
        "steps": steps.iter().map(|(index, step)| json!({ "stepIndex": index, "step": step })).collect::<Vec<_>>(),
        "predictions": predictions,
        "results": results,
    })
}

pub const CSV_HEADER: &str = "record,stepIndex,clientId,submissionId,time,number,choice,k,medianMs,minMs,maxMs,speedup,cores,browser,freeCores,busy";

/// One row per prediction and one per (result, k); `record` says which. Every
/// field is a number, an enum or a checked id, so none needs quoting.
pub fn as_csv(predictions: &[PredictionRow], results: &[ResultRow]) -> String {
    let mut csv = String::from(CSV_HEADER);
    csv.push('\n');
    for prediction in predictions {
        let number = prediction.number.map(|number| number.to_string()).unwrap_or_default();
        let choice = prediction.choice.clone().unwrap_or_default();
        csv.push_str(&format!(
            "prediction,{},{},,{},{number},{choice},,,,,,,,,\n",
            prediction.step_index, prediction.client_id, prediction.predicted_at
        ));
    }
    for result in results {
        let summary = &result.summary;
        let field = |value: &Value| match value {
            Value::String(text) => text.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        let machine = format!(
            "{},{},{},{}",
            field(&summary["cores"]),
            field(&summary["browser"]),
            field(&summary["quiet"]["freeCores"]),
            field(&summary["quiet"]["busy"])
        );
        for row in summary["ks"].as_array().into_iter().flatten() {
            csv.push_str(&format!(
                "result,{},{},{},{},,,{},{},{},{},{},{machine}\n",
                result.step_index,
                result.client_id,
                result.submission_id,
                result.submitted_at,
                field(&row["k"]),
                field(&row["medianMs"]),
                field(&row["minMs"]),
                field(&row["maxMs"]),
                field(&row["speedup"]),
            ));
        }
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_as_many_fields_as_the_header() {
        let predictions = [PredictionRow {
            client_id: "client-1".into(),
            step_index: 0,
            number: Some(3.5),
            choice: None,
            predicted_at: 10,
        }];
        let results = [ResultRow {
            submission_id: "sub-0001".into(),
            client_id: "client-1".into(),
            step_index: 0,
            summary: json!({"ks":[{"k":1,"medianMs":10.0,"minMs":9.0,"maxMs":11.0,"speedup":1.0},{"k":2,"medianMs":5.5,"minMs":5.0,"maxMs":6.0,"speedup":1.8}],"cores":8,"browser":"firefox","quiet":{"freeCores":7,"busy":false}}),
            submitted_at: 11,
        }];
        let csv = as_csv(&predictions, &results);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 4);
        let columns = CSV_HEADER.split(',').count();
        assert!(lines.iter().all(|line| line.split(',').count() == columns), "{csv}");
        assert_eq!(lines[1], "prediction,0,client-1,,10,3.5,,,,,,,,,,");
        assert_eq!(lines[3], "result,0,client-1,sub-0001,11,,,2,5.5,5.0,6.0,1.8,8,firefox,7,false");
    }
}
